export * from './enums.ts';
export * from './realtime.ts';
export * from './schemas/account.ts';
export * from './schemas/auth.ts';
export * from './schemas/checkin.ts';
export * from './schemas/common.ts';
export * from './schemas/events.ts';
export * from './schemas/orders.ts';
