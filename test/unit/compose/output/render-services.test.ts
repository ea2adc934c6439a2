/**
 * renderProject and serviceHash against what docker compose 2.26.1 prints
 * for the same file (`config --format json`, `config`, `config --hash '*'`),
 * captured from the binary with the project directory shown as /p.
 */
import { renderSuite, type RenderCase } from './render-suite.js';

const CASES: RenderCase[] = [
  {
    name: 'command',
    files: { '/p/compose.yaml': String.raw`services:
  web:
    image: nginx
    command: echo "hello world" 'it''s' a\ b
    entrypoint: [/bin/sh, -c]
  db:
    image: postgres
  empty:
    image: busybox
    command: ""
    entrypoint: []
` },
    json: String.raw`{
  "name": "demo",
  "networks": {
    "default": {
      "name": "demo_default",
      "ipam": {}
    }
  },
  "services": {
    "db": {
      "command": null,
      "entrypoint": null,
      "image": "postgres",
      "networks": {
        "default": null
      }
    },
    "empty": {
      "command": [],
      "entrypoint": [],
      "image": "busybox",
      "networks": {
        "default": null
      }
    },
    "web": {
      "command": [
        "echo",
        "hello world",
        "its",
        "a b"
      ],
      "entrypoint": [
        "/bin/sh",
        "-c"
      ],
      "image": "nginx",
      "networks": {
        "default": null
      }
    }
  }
}`,
    yaml: String.raw`name: demo
services:
  db:
    image: postgres
    networks:
      default: null
  empty:
    command: []
    entrypoint: []
    image: busybox
    networks:
      default: null
  web:
    command:
      - echo
      - hello world
      - its
      - a b
    entrypoint:
      - /bin/sh
      - -c
    image: nginx
    networks:
      default: null
networks:
  default:
    name: demo_default
`,
    hashDir: '/tmp/output2/cases/command',
    hash: String.raw`db d336b89da15d6ff8463a4cf94316f13525409249eedb1b1d6f5e7cae3d7d8e60
empty 3a35a71a3b340a8a3e5940976ab52ddb013a43e50b5a125db3c1925dd7f1ce8a
web c5814fd6d92e498e0c8882cbafc00bea0e8aec753452b9459147a75f64d1890f
`,
  },
  {
    name: 'environment',
    files: { '/p/compose.yaml': String.raw`services:
  web:
    image: nginx
    environment: [FOO=bar, EMPTY=, NOVAL, "HTML=<a href='x'>&</a>"]
    labels: [a=1, b]
    build:
      context: .
      args: {A: 1, B: null}
      labels: {z: "yes", y: "on"}
` },
    json: String.raw`{
  "name": "demo",
  "networks": {
    "default": {
      "name": "demo_default",
      "ipam": {}
    }
  },
  "services": {
    "web": {
      "build": {
        "context": "/p",
        "dockerfile": "Dockerfile",
        "args": {
          "A": "1"
        },
        "labels": {
          "y": "on",
          "z": "yes"
        }
      },
      "command": null,
      "entrypoint": null,
      "environment": {
        "EMPTY": "",
        "FOO": "bar",
        "HTML": "\u003ca href='x'\u003e\u0026\u003c/a\u003e",
        "NOVAL": null
      },
      "image": "nginx",
      "labels": {
        "a": "1",
        "b": ""
      },
      "networks": {
        "default": null
      }
    }
  }
}`,
    yaml: String.raw`name: demo
services:
  web:
    build:
      context: /p
      dockerfile: Dockerfile
      args:
        A: "1"
      labels:
        "y": "on"
        z: "yes"
    environment:
      EMPTY: ""
      FOO: bar
      HTML: <a href='x'>&</a>
      NOVAL: null
    image: nginx
    labels:
      a: "1"
      b: ""
    networks:
      default: null
networks:
  default:
    name: demo_default
`,
    hashDir: '/tmp/output2/cases/environment',
    hash: String.raw`web da1ed8a9665107e32f5b71d720ccb9e41fa46d783b5915616bfba2088ceb3c53
`,
  },
  {
    name: 'units',
    files: { '/p/compose.yaml': String.raw`services:
  web:
    image: nginx
    healthcheck:
      test: curl -f http://localhost
      interval: 90s
      timeout: 1500ms
      start_period: 2h3m4.5s
      start_interval: 100us
      retries: 3
    stop_grace_period: 1m
    shm_size: 64m
    deploy:
      replicas: 2
      resources:
        limits: {cpus: "0.5", memory: 1.5g, pids: 10}
        reservations:
          devices: [{capabilities: [gpu], count: all, driver: nvidia}]
      restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3}
      update_config: {parallelism: 2, delay: 10s, max_failure_ratio: 0.3}
    ulimits: {nofile: {soft: 1024, hard: 2048}, nproc: 512}
  test:
    image: busybox
    healthcheck: {test: [NONE]}
    scale: 2
    pull_policy: always
` },
    json: String.raw`{
  "name": "demo",
  "networks": {
    "default": {
      "name": "demo_default",
      "ipam": {}
    }
  },
  "services": {
    "test": {
      "command": null,
      "entrypoint": null,
      "healthcheck": {
        "test": [
          "NONE"
        ]
      },
      "image": "busybox",
      "networks": {
        "default": null
      },
      "pull_policy": "always",
      "scale": 2
    },
    "web": {
      "command": null,
      "deploy": {
        "replicas": 2,
        "update_config": {
          "parallelism": 2,
          "delay": "10s",
          "max_failure_ratio": 0.3
        },
        "resources": {
          "limits": {
            "cpus": 0.5,
            "memory": "1610612736",
            "pids": 10
          },
          "reservations": {
            "devices": [
              {
                "capabilities": [
                  "gpu"
                ],
                "driver": "nvidia",
                "count": -1
              }
            ]
          }
        },
        "restart_policy": {
          "condition": "on-failure",
          "delay": "5s",
          "max_attempts": 3
        },
        "placement": {}
      },
      "entrypoint": null,
      "healthcheck": {
        "test": [
          "CMD-SHELL",
          "curl -f http://localhost"
        ],
        "timeout": "1.5s",
        "interval": "1m30s",
        "retries": 3,
        "start_period": "2h3m4.5s",
        "start_interval": "100µs"
      },
      "image": "nginx",
      "networks": {
        "default": null
      },
      "shm_size": "67108864",
      "stop_grace_period": "1m0s",
      "ulimits": {
        "nofile": {
          "soft": 1024,
          "hard": 2048
        },
        "nproc": 512
      }
    }
  }
}`,
    yaml: String.raw`name: demo
services:
  test:
    healthcheck:
      test:
        - NONE
    image: busybox
    networks:
      default: null
    pull_policy: always
    scale: 2
  web:
    deploy:
      replicas: 2
      update_config:
        parallelism: 2
        delay: 10s
        max_failure_ratio: 0.3
      resources:
        limits:
          cpus: 0.5
          memory: "1610612736"
          pids: 10
        reservations:
          devices:
            - capabilities:
                - gpu
              driver: nvidia
              count: -1
      restart_policy:
        condition: on-failure
        delay: 5s
        max_attempts: 3
    healthcheck:
      test:
        - CMD-SHELL
        - curl -f http://localhost
      timeout: 1.5s
      interval: 1m30s
      retries: 3
      start_period: 2h3m4.5s
      start_interval: 100µs
    image: nginx
    networks:
      default: null
    shm_size: "67108864"
    stop_grace_period: 1m0s
    ulimits:
      nofile:
        soft: 1024
        hard: 2048
      nproc: 512
networks:
  default:
    name: demo_default
`,
    hashDir: '/tmp/output2/cases/units',
    hash: String.raw`test cd6b838aae0d98402d83fb59aa6c4fac301445004f937ef93053721b433c1dc0
web 46a044716cb788a653f357613756c93d2e1545a89dcf96e47bc97e69746f76ec
`,
  },
];

renderSuite('renderProject: service fields', CASES);
