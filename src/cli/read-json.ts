/** Reading JSON files for the CLI, with errors that name the file and what is wrong. */
import { readFile } from 'node:fs/promises'
import { UserError } from '../errors.ts'

/** Reads and parses a JSON file; throws a UserError naming the file on any problem. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message
    throw new UserError('SLC_FILE_UNREADABLE', `Cannot read ${path}: ${reason}`)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new UserError('SLC_BAD_JSON', `${path} is not valid JSON: ${(error as Error).message}`)
  }
}
