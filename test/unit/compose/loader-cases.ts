/**
 * Loader behaviours as data: a project (files under /p), what the loaded
 * model must hold at some paths, or the error compose reports. Every case was
 * run through `docker compose -p p config --format json` 2.26.1 with the
 * project copied elsewhere (`/p` replaced by its directory), and the values
 * and messages here are what it printed. `errorAt` is ours alone: compose
 * does not say where.
 */
export interface LoaderCase {
  name: string;
  /** Files by path relative to /p. */
  files: Readonly<Record<string, string>>;
  /** The `-f` files relative to /p; default compose.yaml. */
  configFiles?: readonly string[];
  env?: Readonly<Record<string, string>>;
  /** Printed-model path (dotted) -> value; `undefined` means the key is absent. */
  expect?: Readonly<Record<string, unknown>>;
  /** The message compose prints (our error's detail). */
  error?: string;
  /** `file:line:col` of the error, file relative to /p. */
  errorAt?: string;
  exitCode?: number;
  /** Warnings compose logs, in order. */
  warnings?: readonly string[];
}

export const loaderCases: LoaderCase[] = [
  {
    name: 'each document of a file merges like an override file',
    files: { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    environment:\n      A: "1"\n---\nservices:\n  web:\n    image: nginx:override\n    environment:\n      B: "2"\n' },
    expect: { 'services.web.image': 'nginx:override', 'services.web.environment': { A: '1', B: '2' } },
  },
  {
    name: 'later -f files override earlier ones, mappings merge',
    files: {
      'compose.yaml': 'services:\n  web:\n    image: a\n    environment: [A=1]\n',
      'override.yaml': 'services:\n  web:\n    image: b\n    environment:\n      B: "2"\n',
    },
    configFiles: ['compose.yaml', 'override.yaml'],
    expect: { 'services.web.image': 'b', 'services.web.environment': { A: '1', B: '2' } },
  },
  {
    name: '`version` is dropped with a warning naming the file',
    files: { 'compose.yaml': 'version: "3.8"\nservices:\n  web:\n    image: a\n', 'o.yaml': 'version: "2"\nservices:\n  web:\n    image: b\n' },
    configFiles: ['compose.yaml', 'o.yaml'],
    expect: { version: undefined, 'services.web.image': 'b' },
    warnings: [
      '/p/compose.yaml: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion',
      '/p/o.yaml: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion',
    ],
  },
  {
    name: 'COMPOSE_PROJECT_NAME is the project name, whatever the environment says',
    files: { 'compose.yaml': 'services:\n  web:\n    image: "${COMPOSE_PROJECT_NAME}-img"\n' },
    env: { COMPOSE_PROJECT_NAME: 'other' },
    expect: { 'services.web.image': 'p-img', name: 'p' },
  },
  {
    name: 'a file with only `version` is empty',
    files: { 'compose.yaml': 'version: "3.8"\n' },
    error: 'empty compose file',
    warnings: ['/p/compose.yaml: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion'],
  },
  {
    name: 'a schema error names the file just merged',
    files: { 'compose.yaml': 'services:\n  web:\n    image: a\n---\nservices:\n  web:\n    foo: 1\n' },
    error: 'validating /p/compose.yaml: services.web Additional property foo is not allowed',
    errorAt: 'compose.yaml:7:5',
  },
  {
    name: 'an interpolation error points at the value',
    files: { 'compose.yaml': 'services:\n  web:\n    image: ${FOO:?must be set}\n' },
    error: 'error while interpolating services.web.image: required variable FOO is missing a value: must be set',
    errorAt: 'compose.yaml:3:5',
  },
  {
    name: 'an error in an override file points into that file',
    files: {
      'compose.yaml': 'services:\n  web:\n    image: a\n',
      'sub/override.yaml': 'services:\n  web:\n    environment:\n      A: ${A:?}\n',
    },
    configFiles: ['compose.yaml', 'sub/override.yaml'],
    error: 'error while interpolating services.web.environment.A: required variable A is missing a value',
    errorAt: 'sub/override.yaml:4:7',
  },
  {
    name: 'services must be a mapping',
    files: { 'compose.yaml': 'services: [web]\n' },
    error: 'services must be a mapping',
    errorAt: 'compose.yaml:1:1',
  },
  {
    name: 'a service must be a mapping',
    files: { 'compose.yaml': 'services:\n  web: 3\n' },
    error: 'services.web must be a mapping',
    errorAt: 'compose.yaml:2:3',
  },
  {
    name: '!reset in an override file clears what earlier files set',
    files: {
      'compose.yaml': 'services:\n  web:\n    image: a\n    ports: ["80:80"]\n    environment:\n      A: "1"\n      B: "2"\n',
      'override.yaml': 'services:\n  web:\n    ports: !reset []\n    environment:\n      A: !reset\n',
    },
    configFiles: ['compose.yaml', 'override.yaml'],
    expect: { 'services.web.ports': undefined, 'services.web.environment': { B: '2' } },
  },
  {
    name: '!override in an override file replaces instead of merging',
    files: {
      'compose.yaml': 'services:\n  web:\n    image: a\n    environment:\n      A: "1"\n    dns: [1.1.1.1]\n',
      'override.yaml': 'services:\n  web:\n    environment: !override\n      Z: "9"\n    dns: !override [8.8.8.8]\n',
    },
    configFiles: ['compose.yaml', 'override.yaml'],
    expect: { 'services.web.environment': { Z: '9' }, 'services.web.dns': ['8.8.8.8'] },
  },
  {
    name: '!reset on a sequence item drops it from its own document',
    files: { 'compose.yaml': 'services:\n  web:\n    image: a\n    dns: [1.1.1.1, !reset 2.2.2.2, 3.3.3.3]\n' },
    expect: { 'services.web.dns': ['1.1.1.1', '3.3.3.3'] },
  },
  {
    name: 'a !reset key beside a `<<` merge shows the merged value, as compose does',
    files: { 'compose.yaml': 'x-base: &base\n  image: a\n  ports: ["80:80"]\nservices:\n  web:\n    <<: *base\n    ports: !reset []\n' },
    expect: { 'services.web.image': 'a', 'services.web.ports.0.target': 80 },
  },
  {
    name: 'a !reset inside an anchor removes the value from every merge of it',
    files: { 'compose.yaml': 'x-base: &base\n  image: a\n  ports: !reset ["80:80"]\nservices:\n  web:\n    <<: *base\n' },
    expect: { 'services.web.image': 'a', 'services.web.ports': undefined },
  },
  {
    name: 'a later document can !reset what an earlier one set',
    files: { 'compose.yaml': 'services:\n  web:\n    image: a\n    build: .\n---\nservices:\n  web:\n    build: !reset\n' },
    expect: { 'services.web.image': 'a', 'services.web.build': undefined },
  },
];

export const extendsCases: LoaderCase[] = [
  {
    name: 'a service extends one of the same file',
    files: { 'compose.yaml': 'services:\n  base:\n    image: base\n    environment: [A=1, B=2]\n  web:\n    extends: base\n    environment:\n      B: "3"\n' },
    expect: { 'services.web.image': 'base', 'services.web.environment': { A: '1', B: '3' }, 'services.web.extends': undefined },
  },
  {
    name: 'relative paths of a base in another file are rebased onto its directory, nested extends too',
    files: {
      'compose.yaml': 'services:\n  web:\n    extends:\n      file: sub/base.yaml\n      service: base\n    environment:\n      LOCAL: "1"\n',
      'sub/base.yaml': 'services:\n  base:\n    extends:\n      file: deeper/more.yaml\n      service: more\n    build: ./ctx\n    volumes:\n      - ./data:/data\n    env_file: base.env\n    environment:\n      BASE: "1"\n',
      'sub/deeper/more.yaml': 'services:\n  more:\n    image: more\n    volumes:\n      - ./moredata:/more\n    labels: [a=b]\n',
      'sub/base.env': 'X=1\n',
    },
    expect: {
      'services.web.image': 'more',
      'services.web.build.context': '/p/sub/ctx',
      'services.web.volumes.0.source': '/p/sub/deeper/moredata',
      'services.web.volumes.1.source': '/p/sub/data',
      'services.web.environment': { BASE: '1', LOCAL: '1', X: '1' },
      'services.web.labels': { a: 'b' },
    },
  },
  {
    name: 'extends.file is relative to the project directory, even in an override file elsewhere',
    files: {
      'compose.yaml': 'services:\n  web:\n    image: web\n',
      'other/override.yaml': 'services:\n  api:\n    extends:\n      file: base2.yaml\n      service: b2\n',
      'other/base2.yaml': 'services:\n  b2:\n    image: b2-other\n',
      'base2.yaml': 'services:\n  b2:\n    image: b2-top\n    build: ./c2\n',
    },
    configFiles: ['compose.yaml', 'other/override.yaml'],
    expect: { 'services.api.image': 'b2-top', 'services.api.build.context': '/p/c2' },
  },
  {
    name: 'a cycle in one file',
    files: { 'compose.yaml': 'services:\n  a:\n    extends: b\n  b:\n    extends: c\n  c:\n    extends: a\n' },
    error: 'Circular reference:\n  a in /p/compose.yaml\n  extends b in /p/compose.yaml\n  extends c in /p/compose.yaml\n  extends a in /p/compose.yaml',
    errorAt: 'compose.yaml:3:5',
  },
  {
    name: 'a cycle across files names them as written',
    files: {
      'compose.yaml': 'services:\n  a:\n    extends: {file: cycb.yaml, service: b}\n',
      'cycb.yaml': 'services:\n  b:\n    extends: {file: compose.yaml, service: a}\n',
    },
    error: 'Circular reference:\n  a in cycb.yaml\n  extends b in compose.yaml\n  extends a in cycb.yaml',
    errorAt: 'compose.yaml:3:5',
  },
  {
    name: 'a service extending itself',
    files: { 'compose.yaml': 'services:\n  a:\n    extends: a\n' },
    error: 'Circular reference:\n  a in /p/compose.yaml\n  extends a in /p/compose.yaml',
    errorAt: 'compose.yaml:3:5',
  },
  {
    name: 'a missing service of the same file',
    files: { 'compose.yaml': 'services:\n  a:\n    image: x\n    extends: nope\n' },
    error: 'cannot extend service "a" in /p/compose.yaml: service "nope" not found',
    errorAt: 'compose.yaml:4:5',
  },
  {
    name: 'a missing service of another file',
    files: {
      'compose.yaml': 'services:\n  a:\n    image: x\n    extends: {file: other.yaml, service: zz}\n',
      'other.yaml': 'services:\n  b:\n    image: b\n',
    },
    error: 'cannot extend service "a" in /p/compose.yaml: service "zz" not found in other.yaml',
    errorAt: 'compose.yaml:4:5',
  },
  {
    name: 'a missing file',
    files: { 'compose.yaml': 'services:\n  a:\n    image: x\n    extends: {file: nofile.yaml, service: zz}\n' },
    error: 'open /p/nofile.yaml: no such file or directory',
    errorAt: 'compose.yaml:4:5',
    exitCode: 14,
  },
  {
    name: 'a file without services',
    files: {
      'compose.yaml': 'services:\n  a:\n    image: x\n    extends: {file: nosvc.yaml, service: zz}\n',
      'nosvc.yaml': 'volumes: {}\n',
    },
    error: 'cannot extend service "a" in /p/nosvc.yaml: no services section',
    errorAt: 'compose.yaml:4:5',
  },
  {
    name: 'only the same document counts: a service of an earlier document is not found',
    files: { 'compose.yaml': 'services:\n  web:\n    image: a\n---\nservices:\n  y:\n    extends: web\n' },
    error: 'cannot extend service "y" in /p/compose.yaml: service "web" not found',
    errorAt: 'compose.yaml:7:5',
  },
  {
    name: '!reset and !override in the extending service act on the base',
    files: {
      'compose.yaml': [
        'services:',
        '  base:',
        '    image: base',
        '    ports: ["80:80"]',
        '    environment:',
        '      A: "1"',
        '      B: "2"',
        '  web:',
        '    extends: base',
        '    ports: !reset []',
        '    environment:',
        '      A: !reset',
        '      C: "3"',
        '  web2:',
        '    extends: base',
        '    environment: !override',
        '      Z: "9"',
        '',
      ].join('\n'),
    },
    expect: {
      'services.web.ports': undefined,
      'services.web.environment': { B: '2', C: '3' },
      'services.web2.environment': { Z: '9' },
      'services.web2.ports.0.target': 80,
    },
  },
  {
    name: 'an error in what a base brings points into the base file',
    files: {
      'compose.yaml': 'services:\n  web:\n    extends: {file: base.yaml, service: base}\n',
      'base.yaml': 'services:\n  base:\n    image: b\n    develop:\n      watch:\n        - path: ""\n          action: sync\n          target: /x\n',
    },
    error: 'services.web.develop.watch.[].path: value can\'t be blank',
    errorAt: 'base.yaml:6:11',
  },
  {
    name: 'a base in another file is interpolated with the project environment',
    files: {
      'compose.yaml': 'services:\n  web:\n    extends: {file: base.yaml, service: base}\n',
      'base.yaml': 'services:\n  base:\n    image: "img:${TAG}"\n',
    },
    env: { TAG: '1.2' },
    expect: { 'services.web.image': 'img:1.2' },
  },
];

export const includeCases: LoaderCase[] = [
  {
    name: 'included projects use their own directory and .env, and include further',
    files: {
      'compose.yaml': 'include:\n  - inc/compose.yaml\nservices:\n  web:\n    image: web:${TAG:-none}\n',
      'inc/compose.yaml': 'include:\n  - deep/compose.yaml\nservices:\n  inc:\n    image: inc:${TAG:-none}-${INCVAR:-x}\n    build: ./ctx\n    env_file: inc.env\n',
      'inc/.env': 'INCVAR=fromdotenv\nTAG=fromincdotenv\n',
      'inc/inc.env': 'A=1\n',
      'inc/deep/compose.yaml': 'services:\n  deep:\n    image: deep:${INCVAR:-none}\n    volumes: [./d:/d]\n',
    },
    env: { TAG: 'top' },
    expect: {
      'services.web.image': 'web:top',
      'services.inc.image': 'inc:top-fromdotenv',
      'services.inc.build.context': '/p/inc/ctx',
      'services.inc.environment': { A: '1' },
      'services.deep.image': 'deep:fromdotenv',
      'services.deep.volumes.0.source': '/p/inc/deep/d',
    },
  },
  {
    name: 'long form: several files, a project directory and env files',
    files: {
      'compose.yaml': 'include:\n  - path: [pd/a.yaml, pd/b.yaml]\n    project_directory: pd\n    env_file: [pd/custom.env]\n',
      'pd/a.yaml': 'services:\n  pda:\n    image: pda:${PDVAR:-unset}\n    build: .\n',
      'pd/b.yaml': 'services:\n  pda:\n    environment: [X=1]\n',
      'pd/custom.env': 'PDVAR=custom\n',
    },
    expect: { 'services.pda.image': 'pda:custom', 'services.pda.build.context': '/p/pd', 'services.pda.environment': { X: '1' } },
  },
  {
    name: 'a project directory apart from the file: its .env and paths',
    files: {
      'compose.yaml': 'include:\n  - path: a/pd.yaml\n    project_directory: b\n',
      'a/pd.yaml': 'services:\n  x:\n    image: "${BV:-nob}"\n    build: .\n',
      'b/.env': 'BV=fromb\n',
    },
    expect: { 'services.x.image': 'fromb', 'services.x.build.context': '/p/b' },
  },
  {
    name: 'extends inside an included project is relative to that project',
    files: {
      'compose.yaml': 'include: [inc/compose.yaml]\n',
      'inc/compose.yaml': 'services:\n  app:\n    extends: {file: base.yaml, service: b}\n',
      'inc/base.yaml': 'services:\n  b:\n    image: b\n    build: ./ctx\n',
    },
    expect: { 'services.app.image': 'b', 'services.app.build.context': '/p/inc/ctx' },
  },
  {
    name: 'an include in an override file elsewhere is relative to the project directory',
    files: {
      'compose.yaml': 'services:\n  web:\n    image: web\n',
      'o/override.yaml': 'include: [lib/compose.yaml]\n',
      'lib/compose.yaml': 'services:\n  lib:\n    image: lib\n    build: .\n',
    },
    configFiles: ['compose.yaml', 'o/override.yaml'],
    expect: { 'services.lib.image': 'lib', 'services.lib.build.context': '/p/lib' },
  },
  {
    name: 'a resource defined differently by the includer is a conflict',
    files: { 'compose.yaml': 'include: [a/compose.yaml]\nservices:\n  x:\n    image: local\n', 'a/compose.yaml': 'services:\n  x:\n    image: inc\n' },
    error: 'services.x conflicts with imported resource',
    errorAt: 'compose.yaml:3:3',
  },
  {
    name: 'an identical resource is not a conflict',
    files: { 'compose.yaml': 'include: [a/compose.yaml]\nservices:\n  x:\n    image: inc\n', 'a/compose.yaml': 'services:\n  x:\n    image: inc\n' },
    expect: { 'services.x.image': 'inc' },
  },
  {
    name: 'an override file may change an included service',
    files: { 'compose.yaml': 'include: [a/compose.yaml]\n', 'a/compose.yaml': 'services:\n  x:\n    image: inc\n', 'ov.yaml': 'services:\n  x:\n    image: override\n' },
    configFiles: ['compose.yaml', 'ov.yaml'],
    expect: { 'services.x.image': 'override' },
  },
  {
    name: 'an include cycle',
    files: { 'compose.yaml': 'include: [a/cyc.yaml]\nservices: {z: {image: z}}\n', 'a/cyc.yaml': 'include: [../compose.yaml]\nservices: {y: {image: y}}\n' },
    error: 'include cycle detected:\n/p/compose.yaml\n include /p/a/cyc.yaml\n include /p/compose.yaml',
    errorAt: 'a/cyc.yaml:1:11',
  },
  {
    name: 'a missing included file',
    files: { 'compose.yaml': 'services: {z: {image: z}}\ninclude: [nothere.yaml]\n' },
    error: 'open /p/nothere.yaml: no such file or directory',
    errorAt: 'compose.yaml:2:11',
    exitCode: 14,
  },
  {
    name: 'include must be a list',
    files: { 'compose.yaml': 'include:\n  path: a/compose.yaml\n', 'a/compose.yaml': 'services: {x: {image: x}}\n' },
    error: '`include` must be a list, got map[path:a/compose.yaml]',
    errorAt: 'compose.yaml:1:1',
  },
  {
    name: 'include entries decode as compose decodes them',
    files: { 'compose.yaml': 'include:\n  - path: [a/compose.yaml]\n    env_file: [1]\n', 'a/compose.yaml': 'services: {x: {image: x}}\n' },
    error: "decoding failed due to the following error(s):\n\nerror decoding '[0].env_file': invalid type []interface {} for string list",
  },
  {
    name: 'a missing env file of an include entry',
    files: { 'compose.yaml': 'include:\n  - path: a/compose.yaml\n    env_file: nothere.env\n', 'a/compose.yaml': 'services: {x: {image: x}}\n' },
    error: 'stat /p/nothere.env: no such file or directory',
    errorAt: 'compose.yaml:3:5',
    exitCode: 14,
  },
  {
    name: 'an env file of an include entry that does not parse',
    files: {
      'compose.yaml': 'include:\n  - path: a/compose.yaml\n    env_file: bad.env\n',
      'a/compose.yaml': 'services: {x: {image: x}}\n',
      'bad.env': 'A="unterminated\n',
    },
    error: 'failed to read /p/bad.env: line 2: unterminated quoted value "unterminated',
  },
];
