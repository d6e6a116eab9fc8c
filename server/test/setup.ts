/** Every test project: a test that logs console.error fails (STYLE.md "Tests"). */
import { afterEach, beforeEach, expect, vi } from 'vitest';

beforeEach(() => {
  vi.spyOn(console, 'error');
});

afterEach(() => {
  expect(console.error, 'console.error was called').not.toHaveBeenCalled();
  vi.restoreAllMocks();
});
