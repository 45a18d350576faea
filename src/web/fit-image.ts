/**
 * An image the user picked, made to fit the server's portrait limit: files within `maxBytes` go as they are
 * (the server checks and strips them); larger ones are drawn at most `maxSide` pixels wide or high and
 * re-encoded (WebP where the browser writes it, else JPEG). Throws when the file is not an image the browser
 * reads, or is still too large.
 */
export async function fitImage(file: Blob, maxBytes: number, maxSide = 768): Promise<Blob> {
  if (file.size <= maxBytes) return file;
  const source = await decode(file);
  const scale = Math.min(1, maxSide / Math.max(source.width, source.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(source.width * scale));
  canvas.height = Math.max(1, Math.round(source.height * scale));
  canvas.getContext('2d')?.drawImage(source.image, 0, 0, canvas.width, canvas.height);
  source.close();
  for (const [type, quality] of [
    ['image/webp', 0.85],
    ['image/jpeg', 0.85],
    ['image/jpeg', 0.6],
  ] as const) {
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, quality));
    if (blob && blob.size <= maxBytes) return blob;
  }
  throw new RangeError('the image is still too large');
}

interface Decoded {
  image: CanvasImageSource;
  width: number;
  height: number;
  close(): void;
}

/** The picture in the file: createImageBitmap, or an <img> where that fails. */
async function decode(file: Blob): Promise<Decoded> {
  try {
    const bitmap = await createImageBitmap(file);
    return { image: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
  } catch {
    const url = URL.createObjectURL(file);
    try {
      const img = new Image();
      img.src = url;
      await img.decode();
      return { image: img, width: img.naturalWidth, height: img.naturalHeight, close: () => {} };
    } finally {
      URL.revokeObjectURL(url);
    }
  }
}
