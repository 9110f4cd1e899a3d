export declare const BUNDLE_DIR: string;
export declare const BUNDLE_FILE: string;
export declare const MANIFEST_FILE: string;
export declare const CLOCK_MARGIN_MS: number;
export declare function freshBundle(root: string, why?: (reason: string) => void): string | null;
