/** "12 images", or "3 of 12 images" while a filter hides some. */
export function countLabel(shown: number, total: number, noun: string, filtered: boolean): string {
  const plural = total === 1 ? noun : `${noun}s`;
  return filtered ? `${shown} of ${total} ${plural}` : `${total} ${plural}`;
}
