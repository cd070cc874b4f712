import type { Page } from '@playwright/test';
export function twelveMegapixelJpeg(page: Page, seed?: number): Promise<Buffer>;
