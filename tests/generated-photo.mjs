// A 4000 × 3000 JPEG (12 megapixels) drawn in the page: gradients and a few hundred
// coloured shapes, as a camera's photo would give a codec work to do; a different seed
// gives a different photo. Made in the page (OffscreenCanvas), so no fixture is needed.
export async function twelveMegapixelJpeg(page, seed = 0) {
  const base64 = await page.evaluate(async (n) => {
    const canvas = new OffscreenCanvas(4000, 3000);
    const ctx = canvas.getContext('2d');
    const gradient = ctx.createLinearGradient(0, 0, 4000, 3000);
    gradient.addColorStop(0, `hsl(${(n * 40) % 360} 60% 35%)`);
    gradient.addColorStop(1, '#f2b134');
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, 4000, 3000);
    for (let i = 0; i < 600; i++) {
      ctx.fillStyle = `hsl(${(i * 37 + n * 11) % 360} 70% 50%)`;
      ctx.fillRect((i * 97 + n * 13) % 3900, (i * 61) % 2900, 40 + (i % 120), 30 + (i % 90));
    }
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 })).arrayBuffer());
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  }, seed);
  return Buffer.from(base64, 'base64');
}
