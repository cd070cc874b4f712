// Scales a photo down off the main thread: decoding a 12-megapixel JPEG and encoding
// it again takes hundreds of milliseconds, which on the page would freeze the screen.
// The photo is turned as its EXIF orientation says before it is measured and drawn, so
// a portrait taken with the phone on its side stays upright once its EXIF is gone.

/// <reference lib="webworker" />
import type { ResizeReply, ResizeRequest } from './resize-protocol';

/** JPEG quality of a scaled-down photo: text on an ID card stays readable. */
const QUALITY = 0.85;

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<ResizeRequest>) => {
  const { id, blob, maxPixels } = event.data;
  let reply: ResizeReply;
  try {
    const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
    const longest = Math.max(bitmap.width, bitmap.height);
    if (longest <= maxPixels) {
      reply = { id, ok: true, blob: null, width: bitmap.width, height: bitmap.height };
    } else {
      const scale = maxPixels / longest;
      const width = Math.max(1, Math.round(bitmap.width * scale));
      const height = Math.max(1, Math.round(bitmap.height * scale));
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d')!;
      context.imageSmoothingQuality = 'high';
      context.drawImage(bitmap, 0, 0, width, height);
      const out = await canvas.convertToBlob({ type: 'image/jpeg', quality: QUALITY });
      reply = { id, ok: true, blob: out, width, height };
    }
    bitmap.close();
  } catch {
    // Not an image this browser can decode (HEIC in Chromium, a damaged file).
    reply = { id, ok: false };
  }
  scope.postMessage(reply);
};
