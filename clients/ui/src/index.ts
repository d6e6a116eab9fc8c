export * from './components.tsx';
export * from './format.ts';
export * from './money.tsx';
export * from './provider.tsx';
export * from './socket.ts';
export * from './trpc.ts';
