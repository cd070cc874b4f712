import type { FormData } from '../../src/lib/domain/types';

export declare const BIG_FORM_ID: string;
export declare function generateBigForm(options?: { size?: number; instances?: number }): FormData;
