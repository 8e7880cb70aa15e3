/** The rows ticked for a bulk action. Ids belong to one (profile, mode) and one query. */
class Selection {
  ids = $state<string[]>([]);

  has(id: string): boolean {
    return this.ids.includes(id);
  }

  toggle(id: string) {
    this.ids = this.has(id) ? this.ids.filter((x) => x !== id) : [...this.ids, id];
  }

  clear() {
    if (this.ids.length > 0) this.ids = [];
  }
}

export const selection = new Selection();
