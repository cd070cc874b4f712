import type { Page } from '@playwright/test';

export declare const BENCH_OUT: string;
export declare function buildBenchModule(options: { entry: string; name: string; alias?: Record<string, string> }): Promise<void>;
export declare function serveBenchFiles(page: Page, pattern: string | RegExp): Promise<void>;
