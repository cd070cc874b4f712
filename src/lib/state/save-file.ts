// Hands a file to the user: the system share sheet on a phone (Web Share with files),
// a download elsewhere. Returns how it left, or null when the user cancelled sharing.
// A long export asks first where to save (the File System Access API, desktop Chromium),
// so that it is written into that file as it is made.
export type SaveMethod = 'shared' | 'downloaded' | 'saved';

type SavePicker = (options: { suggestedName: string }) => Promise<FileSystemFileHandle>;
const savePicker = (): SavePicker | undefined => {
  const picker = (globalThis as { showSaveFilePicker?: SavePicker }).showSaveFilePicker;
  return typeof picker === 'function' ? picker : undefined;
};

/** Whether this browser can write an export straight into a file the user picks. */
export const canPickSaveFile = (): boolean => savePicker() !== undefined;

/** Asks where to save `suggestedName`; null when the user closed the dialog. Only after canPickSaveFile. */
export async function pickSaveFile(suggestedName: string): Promise<FileSystemFileHandle | null> {
  try {
    return await savePicker()!({ suggestedName });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return null;
    throw error;
  }
}

export function canShareFiles(file: File): boolean {
  return typeof navigator.canShare === 'function' && navigator.canShare({ files: [file] });
}

export async function shareFile(file: File, title: string): Promise<SaveMethod | null> {
  try {
    await navigator.share({ files: [file], title });
    return 'shared';
  } catch (error) {
    // The user closed the share sheet: not an error, and the file was not sent.
    if (error instanceof DOMException && error.name === 'AbortError') return null;
    throw error;
  }
}

export function downloadFile(file: Blob, fileName: string): SaveMethod {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Let the download start before the URL is released.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return 'downloaded';
}
