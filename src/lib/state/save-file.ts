// Hands a file to the user: the system share sheet on a phone (Web Share with files),
// a download elsewhere. Returns how it left, or null when the user cancelled sharing.
export type SaveMethod = 'shared' | 'downloaded';

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
