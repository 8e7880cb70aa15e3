/** Keyboard movement in a list of `length` items (listbox, palette): the new index, or null. */
export function moveIndex(index: number, key: string, length: number): number | null {
  if (length === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return index < 0 ? 0 : (index + 1) % length;
    case 'ArrowUp':
      return index <= 0 ? length - 1 : index - 1;
    case 'Home':
      return 0;
    case 'End':
      return length - 1;
    default:
      return null;
  }
}
