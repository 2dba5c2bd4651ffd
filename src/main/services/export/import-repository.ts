import { SqlRepository } from '../library/statement-cache';

// The few reads an import needs to tell what a library already has.

export class ImportRepository extends SqlRepository {
  hasImageWithSha(sha256: string): boolean {
    return this.stmt('SELECT 1 FROM images WHERE sha256 = ? LIMIT 1').get(sha256) !== undefined;
  }

  hasImage(id: string): boolean {
    return this.stmt('SELECT 1 FROM images WHERE id = ?').get(id) !== undefined;
  }

  hasGeneration(id: string): boolean {
    return this.stmt('SELECT 1 FROM generations WHERE id = ?').get(id) !== undefined;
  }

  isIndexTaken(generationId: string, index: number): boolean {
    return this.stmt('SELECT 1 FROM images WHERE generation_id = ? AND idx = ?').get(generationId, index) !== undefined;
  }
}
