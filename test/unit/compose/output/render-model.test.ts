/**
 * renderModel (`config --no-interpolate`) against docker compose 2.26.1's
 * output for the same file, project directory shown as /p: the raw model map
 * printed by encoding/json and yaml.v3, which also pins how strings are
 * quoted and escaped and how numbers are laid out.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../../../src/compose/loader.js';
import { renderModel } from '../../../../src/compose/output/index.js';
import { loadInput } from '../memfs.js';

interface Case {
  name: string;
  files: Record<string, string>;
  json: string;
  yaml: string;
}

const CASES: Case[] = [
  {
    name: 'scalars',
    files: { '/p/compose.yaml': "services:\n  s:\n    image: x\nx-q:\n  k00: \"\"\n  k01: \"y\"\n  k02: \"No\"\n  k03: \"~\"\n  k04: \"null\"\n  k05: \"0x1F\"\n  k06: \"0o17\"\n  k07: \"+1\"\n  k08: \"-1.5e3\"\n  k09: \".5\"\n  k10: \".inf\"\n  k11: \"1_000\"\n  k12: \"12:30:45\"\n  k13: \"2024-01-02T03:04:05Z\"\n  k14: \"<<\"\n  k15: \"- a\"\n  k16: \"-a\"\n  k17: \"? x\"\n  k18: \"?x\"\n  k19: \":x\"\n  k20: \"a:\"\n  k21: \"a: b\"\n  k22: \"a #b\"\n  k23: \"a#b\"\n  k24: \"#a\"\n  k25: \"&a\"\n  k26: \"!a\"\n  k27: \"%a\"\n  k28: \"@a\"\n  k29: \"`a\"\n  k30: \"|a\"\n  k31: \">a\"\n  k32: \"'a\"\n  k33: \"\\\"a\"\n  k34: \"[a]\"\n  k35: \"a,b\"\n  k36: \"{a}\"\n  k37: \"a]\"\n  k38: \"---\"\n  k39: \"...x\"\n  k40: \"a'b\"\n  k41: \"tab\\tx\"\n  k42: \"cr\\rx\"\n  k43: \"bell\\u0007\"\n  k44: \"nl\\nend\"\n  k45: \"x\\n\\n\"\n  k46: \" lead\"\n  k47: \"trail \"\n  k48: \"\\u00e9\"\n  k49: \"\\u2028\"\n  k51: \"a\\\\b\"\n  k52: \"true\"\n  k53: \"TRUE\"\n  k54: \"tRue\"\n  k55: \"1e5\"\n  k56: \"1.\"\n  k57: \"0\"\n  k58: \"00\"\n  k59: \"09\"\n  k60: \"1__0\"\n  k61: \"0b101\"\n  k62: \"+.inf\"\n  k63: \".NaN\"\n  k64: \"=\"\n  k65: \"a=b\"\n  k66: \"*\"\n" },
    json: "{\n  \"name\": \"demo\",\n  \"networks\": {\n    \"default\": {\n      \"name\": \"demo_default\"\n    }\n  },\n  \"services\": {\n    \"s\": {\n      \"image\": \"x\",\n      \"networks\": {\n        \"default\": null\n      }\n    }\n  },\n  \"x-q\": {\n    \"k00\": \"\",\n    \"k01\": \"y\",\n    \"k02\": \"No\",\n    \"k03\": \"~\",\n    \"k04\": \"null\",\n    \"k05\": \"0x1F\",\n    \"k06\": \"0o17\",\n    \"k07\": \"+1\",\n    \"k08\": \"-1.5e3\",\n    \"k09\": \".5\",\n    \"k10\": \".inf\",\n    \"k11\": \"1_000\",\n    \"k12\": \"12:30:45\",\n    \"k13\": \"2024-01-02T03:04:05Z\",\n    \"k14\": \"\\u003c\\u003c\",\n    \"k15\": \"- a\",\n    \"k16\": \"-a\",\n    \"k17\": \"? x\",\n    \"k18\": \"?x\",\n    \"k19\": \":x\",\n    \"k20\": \"a:\",\n    \"k21\": \"a: b\",\n    \"k22\": \"a #b\",\n    \"k23\": \"a#b\",\n    \"k24\": \"#a\",\n    \"k25\": \"\\u0026a\",\n    \"k26\": \"!a\",\n    \"k27\": \"%a\",\n    \"k28\": \"@a\",\n    \"k29\": \"`a\",\n    \"k30\": \"|a\",\n    \"k31\": \"\\u003ea\",\n    \"k32\": \"'a\",\n    \"k33\": \"\\\"a\",\n    \"k34\": \"[a]\",\n    \"k35\": \"a,b\",\n    \"k36\": \"{a}\",\n    \"k37\": \"a]\",\n    \"k38\": \"---\",\n    \"k39\": \"...x\",\n    \"k40\": \"a'b\",\n    \"k41\": \"tab\\tx\",\n    \"k42\": \"cr\\rx\",\n    \"k43\": \"bell\\u0007\",\n    \"k44\": \"nl\\nend\",\n    \"k45\": \"x\\n\\n\",\n    \"k46\": \" lead\",\n    \"k47\": \"trail \",\n    \"k48\": \"é\",\n    \"k49\": \"\\u2028\",\n    \"k51\": \"a\\\\b\",\n    \"k52\": \"true\",\n    \"k53\": \"TRUE\",\n    \"k54\": \"tRue\",\n    \"k55\": \"1e5\",\n    \"k56\": \"1.\",\n    \"k57\": \"0\",\n    \"k58\": \"00\",\n    \"k59\": \"09\",\n    \"k60\": \"1__0\",\n    \"k61\": \"0b101\",\n    \"k62\": \"+.inf\",\n    \"k63\": \".NaN\",\n    \"k64\": \"=\",\n    \"k65\": \"a=b\",\n    \"k66\": \"*\"\n  }\n}",
    yaml: "name: demo\nnetworks:\n  default:\n    name: demo_default\nservices:\n  s:\n    image: x\n    networks:\n      default: null\nx-q:\n  k00: \"\"\n  k01: \"y\"\n  k02: \"No\"\n  k03: \"~\"\n  k04: \"null\"\n  k05: \"0x1F\"\n  k06: \"0o17\"\n  k07: \"+1\"\n  k08: \"-1.5e3\"\n  k09: \".5\"\n  k10: \".inf\"\n  k11: \"1_000\"\n  k12: \"12:30:45\"\n  k13: \"2024-01-02T03:04:05Z\"\n  k14: <<\n  k15: '- a'\n  k16: -a\n  k17: '? x'\n  k18: ?x\n  k19: :x\n  k20: 'a:'\n  k21: 'a: b'\n  k22: 'a #b'\n  k23: a#b\n  k24: '#a'\n  k25: '&a'\n  k26: '!a'\n  k27: '%a'\n  k28: '@a'\n  k29: '`a'\n  k30: '|a'\n  k31: '>a'\n  k32: '''a'\n  k33: '\"a'\n  k34: '[a]'\n  k35: a,b\n  k36: '{a}'\n  k37: a]\n  k38: '---'\n  k39: '...x'\n  k40: a'b\n  k41: \"tab\\tx\"\n  k42: \"cr\\rx\"\n  k43: \"bell\\a\"\n  k44: |-\n    nl\n    end\n  k45: |+\n    x\n\n  k46: ' lead'\n  k47: 'trail '\n  k48: é\n  k49: ' '\n  k51: a\\b\n  k52: \"true\"\n  k53: \"TRUE\"\n  k54: tRue\n  k55: \"1e5\"\n  k56: \"1.\"\n  k57: \"0\"\n  k58: \"00\"\n  k59: \"09\"\n  k60: \"1__0\"\n  k61: \"0b101\"\n  k62: \"+.inf\"\n  k63: \".NaN\"\n  k64: =\n  k65: a=b\n  k66: '*'\n",
  },
  {
    name: 'escapes and numbers',
    files: { '/p/compose.yaml': String.raw`services:
  s:
    image: x
x-q:
  a: "b\bf\fd\x7fe\u2028z\x01"
  n: [1.5, 1e30, 0.000001, 1e-7, -0]
` },
    json: String.raw`{
  "name": "demo",
  "networks": {
    "default": {
      "name": "demo_default"
    }
  },
  "services": {
    "s": {
      "image": "x",
      "networks": {
        "default": null
      }
    }
  },
  "x-q": {
    "a": "b\bf\fde\u2028z\u0001",
    "n": [
      1.5,
      1e+30,
      0.000001,
      1e-7,
      0
    ]
  }
}`,
    yaml: String.raw`name: demo
networks:
  default:
    name: demo_default
services:
  s:
    image: x
    networks:
      default: null
x-q:
  a: "b\bf\fd\x7Fe\Lz\x01"
  "n":
    - 1.5
    - 1e+30
    - 1e-06
    - 1e-07
    - 0
`,
  },
  {
    name: 'raw model',
    files: { '/p/compose.yaml': "services:\n  web:\n    image: nginx\n    environment:\n      A: \"1\"\n      B: $${X}\n    env_file: [.env]\n    labels: [a=1]\n    ports: [\"80\"]\n    x-foo: 1\nx-bar: {z: [1, 2], a: \"yes\"}\n", '/p/.env': 'E=1\n' },
    json: "{\n  \"name\": \"demo\",\n  \"networks\": {\n    \"default\": {\n      \"name\": \"demo_default\"\n    }\n  },\n  \"services\": {\n    \"web\": {\n      \"env_file\": [\n        {\n          \"path\": \"/p/.env\",\n          \"required\": true\n        }\n      ],\n      \"environment\": {\n        \"A\": \"1\",\n        \"B\": \"$${X}\"\n      },\n      \"image\": \"nginx\",\n      \"labels\": [\n        \"a=1\"\n      ],\n      \"networks\": {\n        \"default\": null\n      },\n      \"ports\": [\n        {\n          \"mode\": \"ingress\",\n          \"protocol\": \"tcp\",\n          \"target\": 80\n        }\n      ],\n      \"x-foo\": 1\n    }\n  },\n  \"x-bar\": {\n    \"a\": \"yes\",\n    \"z\": [\n      1,\n      2\n    ]\n  }\n}",
    yaml: "name: demo\nnetworks:\n  default:\n    name: demo_default\nservices:\n  web:\n    env_file:\n      - path: /p/.env\n        required: true\n    environment:\n      A: \"1\"\n      B: $${X}\n    image: nginx\n    labels:\n      - a=1\n    networks:\n      default: null\n    ports:\n      - mode: ingress\n        protocol: tcp\n        target: 80\n    x-foo: 1\nx-bar:\n  a: \"yes\"\n  z:\n    - 1\n    - 2\n",
  },
  {
    name: 'multi-line strings',
    files: { '/p/compose.yaml': String.raw`services:
  s:
    image: x
x-q:
  k00: "word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word "
  k01: "l1\nl2"
  k02: "l1\n\nl2\n\n"
  k03: "trail \nx"
  k04: " lead\nx"
  k05: "x\n lead"
  k06: "\nfirst empty"
  k07: "tab\tin\nmulti"
  k08: "a: b\nc"
  k09: "# c\nd"
  k10: "long long long long long long long long long long long long long long long long long long long long \nsecond"
  k11: "\u00e9\n\u00fc"
  k12: "x\r\ny"
  k13: "ends\n\n\n"
  k14: "- a\n- b"
` },
    json: String.raw`{
  "name": "demo",
  "networks": {
    "default": {
      "name": "demo_default"
    }
  },
  "services": {
    "s": {
      "image": "x",
      "networks": {
        "default": null
      }
    }
  },
  "x-q": {
    "k00": "word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word ",
    "k01": "l1\nl2",
    "k02": "l1\n\nl2\n\n",
    "k03": "trail \nx",
    "k04": " lead\nx",
    "k05": "x\n lead",
    "k06": "\nfirst empty",
    "k07": "tab\tin\nmulti",
    "k08": "a: b\nc",
    "k09": "# c\nd",
    "k10": "long long long long long long long long long long long long long long long long long long long long \nsecond",
    "k11": "é\nü",
    "k12": "x\r\ny",
    "k13": "ends\n\n\n",
    "k14": "- a\n- b"
  }
}`,
    yaml: String.raw`name: demo
networks:
  default:
    name: demo_default
services:
  s:
    image: x
    networks:
      default: null
x-q:
  k00: 'word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word '
  k01: |-
    l1
    l2
  k02: |+
    l1

    l2

  k03: "trail \nx"
  k04: |2-
     lead
    x
  k05: |-
    x
     lead
  k06: |2-
    first empty
  k07: |-
    tab	in
    multi
  k08: |-
    a: b
    c
  k09: |-
    # c
    d
  k10: "long long long long long long long long long long long long long long long long long long long long \nsecond"
  k11: |-
    é
    ü
  k12: "x\r\ny"
  k13: |+
    ends


  k14: |-
    - a
    - b
`,
  },
  {
    name: 'leading and trailing breaks',
    files: { '/p/compose.yaml': String.raw`services:
  s:
    image: x
x-q:
  a: "\n\nx"
  b: "\nx\n"
  c: "x\n\n"
  d: "\n"
` },
    json: String.raw`{
  "name": "demo",
  "networks": {
    "default": {
      "name": "demo_default"
    }
  },
  "services": {
    "s": {
      "image": "x",
      "networks": {
        "default": null
      }
    }
  },
  "x-q": {
    "a": "\n\nx",
    "b": "\nx\n",
    "c": "x\n\n",
    "d": "\n"
  }
}`,
    yaml: String.raw`name: demo
networks:
  default:
    name: demo_default
services:
  s:
    image: x
    networks:
      default: null
x-q:
  a: |2-

    x
  b: |2
    x
  c: |+
    x

  d: |2+
`,
  },
  {
    name: 'float layout',
    files: { '/p/compose.yaml': String.raw`services:
  s:
    image: x
    cpus: 1000000
x-q:
  n: [1234567.5, 123456.7, 1.0e+21, 0.0001, 0.00001, 1.5, -2.25, 3.0]
` },
    json: String.raw`{
  "name": "demo",
  "networks": {
    "default": {
      "name": "demo_default"
    }
  },
  "services": {
    "s": {
      "cpus": 1000000,
      "image": "x",
      "networks": {
        "default": null
      }
    }
  },
  "x-q": {
    "n": [
      1234567.5,
      123456.7,
      1e+21,
      0.0001,
      0.00001,
      1.5,
      -2.25,
      3
    ]
  }
}`,
    yaml: String.raw`name: demo
networks:
  default:
    name: demo_default
services:
  s:
    cpus: 1000000
    image: x
    networks:
      default: null
x-q:
  "n":
    - 1.2345675e+06
    - 123456.7
    - 1e+21
    - 0.0001
    - 1e-05
    - 1.5
    - -2.25
    - 3
`,
  },
  {
    name: 'nested and empty collections',
    files: { '/p/compose.yaml': String.raw`services:
  s:
    image: x
x-q:
  a: [[1, [2, 3]], [], {}, [{b: 1, c: [d]}], null, {e: {}}]
  "key with spaces": 1
  "": empty
  "? x": 1
` },
    json: String.raw`{
  "name": "demo",
  "networks": {
    "default": {
      "name": "demo_default"
    }
  },
  "services": {
    "s": {
      "image": "x",
      "networks": {
        "default": null
      }
    }
  },
  "x-q": {
    "": "empty",
    "? x": 1,
    "a": [
      [
        1,
        [
          2,
          3
        ]
      ],
      null,
      {},
      [
        {
          "b": 1,
          "c": [
            "d"
          ]
        }
      ],
      null,
      {
        "e": {}
      }
    ],
    "key with spaces": 1
  }
}`,
    yaml: String.raw`name: demo
networks:
  default:
    name: demo_default
services:
  s:
    image: x
    networks:
      default: null
x-q:
  "": empty
  '? x': 1
  a:
    - - 1
      - - 2
        - 3
    - []
    - {}
    - - b: 1
        c:
          - d
    - null
    - e: {}
  key with spaces: 1
`,
  },
];

const model = (files: Record<string, string>) =>
  loadModel(loadInput({ files }), { projectName: 'demo', skipInterpolation: true }, () => {});

describe('renderModel', () => {
  it.each(CASES)('$name: json', ({ files, json }) => {
    expect(renderModel(model(files), 'json')).toBe(json);
  });

  it.each(CASES)('$name: yaml', ({ files, yaml }) => {
    expect(renderModel(model(files), 'yaml')).toBe(yaml);
  });
});
