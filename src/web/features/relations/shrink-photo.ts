/**
 * A phone camera's photo (often 3–8 MB) shrunk before upload so a visit is logged in under a minute
 * on a mobile network (REL-3): at most 1920 px on the long side, JPEG 0.85, orientation applied.
 * Small files, non-images and browsers without createImageBitmap upload as they are.
 */
const MAX_SIDE = 1920;
const SMALL_ENOUGH = 1_500_000;

export async function shrinkPhoto(file: File): Promise<{ blob: Blob; fileName: string }> {
  if (file.size <= SMALL_ENOUGH || !file.type.startsWith('image/') || typeof createImageBitmap !== 'function') return { blob: file, fileName: file.name };
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    if (!blob || blob.size >= file.size) return { blob: file, fileName: file.name };
    return { blob, fileName: `${file.name.replace(/\.[^.]*$/, '') || 'photo'}.jpg` };
  } catch {
    return { blob: file, fileName: file.name }; // a format the browser cannot decode (e.g. HEIC): the server sniffs and decides
  }
}
