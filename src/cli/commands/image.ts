/**
 * `tscompose image ls|pull|push|rm|tag|inspect|prune|load|save|import`, in
 * the style of `docker image`: same flags, same output. The work is in
 * src/app/image-list.ts and image-manage.ts; the printing in image-run.ts.
 */
import type { FlagSpec } from '../flags.js';
import type { CommandRun, CommandSpec } from './types.js';

type Runner = keyof typeof import('./image-run.js');

function sub(name: string, use: string, short: string, flags: readonly FlagSpec[], run: Runner, aliases?: string[]): CommandSpec {
  return {
    name: `image ${name}`,
    use,
    short,
    flags,
    ...(aliases === undefined ? {} : { aliases }),
    load: async () => (await import('./image-run.js'))[run] as CommandRun,
  };
}

const quiet = (usage: string): FlagSpec => ({ name: 'quiet', short: 'q', kind: 'bool', usage });

const SUBCOMMANDS: readonly CommandSpec[] = [
  sub('ls', '[OPTIONS] [REPOSITORY[:TAG]]', 'List images', [
    { name: 'all', short: 'a', kind: 'bool', usage: 'Show all images (default hides intermediate images)' },
    { name: 'digests', kind: 'bool', usage: 'Show digests' },
    { name: 'filter', short: 'f', kind: 'stringArray', usage: 'Filter output based on conditions provided' },
    { name: 'format', kind: 'string', usage: "Format output using a custom template:\n'table': Print output in table format with column headers (default)\n'json': Print in JSON format" },
    { name: 'no-trunc', kind: 'bool', usage: "Don't truncate output" },
    quiet('Only show image IDs'),
  ], 'imageLs', ['list']),
  sub('pull', '[OPTIONS] NAME[:TAG|@DIGEST]', 'Download an image from a registry', [
    { name: 'platform', kind: 'string', usage: 'Set platform if server is multi-platform capable' },
    quiet('Suppress verbose output'),
  ], 'imagePullRun'),
  sub('push', '[OPTIONS] NAME[:TAG]', 'Upload an image to a registry', [quiet('Suppress verbose output')], 'imagePushRun'),
  sub('rm', '[OPTIONS] IMAGE [IMAGE...]', 'Remove one or more images', [
    { name: 'force', short: 'f', kind: 'bool', usage: 'Force removal of the image' },
    { name: 'no-prune', kind: 'bool', usage: 'Do not delete untagged parents' },
  ], 'imageRm', ['remove', 'rmi']),
  sub('tag', 'SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]', 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE', [], 'imageTagRun'),
  sub('inspect', '[OPTIONS] IMAGE [IMAGE...]', 'Display detailed information on one or more images', [
    { name: 'format', short: 'f', kind: 'string', usage: 'Format output using a custom template' },
  ], 'imageInspect'),
  sub('prune', '[OPTIONS]', 'Remove unused images', [
    { name: 'all', short: 'a', kind: 'bool', usage: 'Remove all unused images, not just dangling ones' },
    { name: 'force', short: 'f', kind: 'bool', usage: 'Do not prompt for confirmation' },
  ], 'imagePruneRun'),
  sub('load', '[OPTIONS]', 'Load an image from a tar archive or STDIN', [
    { name: 'input', short: 'i', kind: 'string', usage: 'Read from tar archive file, instead of STDIN' },
    quiet('Suppress the load output'),
  ], 'imageLoadRun'),
  sub('save', '[OPTIONS] IMAGE [IMAGE...]', 'Save one or more images to a tar archive (streamed to STDOUT by default)', [
    { name: 'output', short: 'o', kind: 'string', usage: 'Write to a file, instead of STDOUT' },
  ], 'imageSaveRun'),
  sub('import', '[OPTIONS] file|-|DIR [REPOSITORY[:TAG]]', 'Import the contents from a tarball to create a filesystem image', [
    { name: 'change', short: 'c', kind: 'stringArray', usage: 'Apply Dockerfile instruction to the created image' },
    { name: 'message', short: 'm', kind: 'string', usage: 'Set commit message for imported image' },
    { name: 'platform', kind: 'string', usage: 'Set platform if server is multi-platform capable' },
  ], 'imageImportRun'),
];

export const imageCommand: CommandSpec = {
  name: 'image',
  use: 'COMMAND',
  short: 'Manage images',
  flags: [],
  subcommands: SUBCOMMANDS,
};
