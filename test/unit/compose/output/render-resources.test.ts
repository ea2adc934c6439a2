/**
 * renderProject and serviceHash against what docker compose 2.26.1 prints
 * for the same file (`config --format json`, `config`, `config --hash '*'`),
 * captured from the binary with the project directory shown as /p.
 */
import { renderSuite, type RenderCase } from './render-suite.js';

const CASES: RenderCase[] = [
  {
    name: 'resources',
    files: { '/p/compose.yaml': String.raw`services:
  web:
    image: nginx
    ports: ["8080:80", "127.0.0.1:9000-9001:9000-9001/udp", {target: 53, published: "5353", protocol: udp, mode: host}]
    volumes:
      - ./data:/data:ro
      - vol:/v:nocopy
      - {type: tmpfs, target: /t, tmpfs: {size: 10m}}
    networks:
      front: {aliases: [w], ipv4_address: 10.0.0.5, priority: 5}
      back:
    depends_on:
      db: {condition: service_healthy, restart: true}
    secrets: [s1, {source: s1, target: /x, mode: 0400}]
    configs: [c1]
    extra_hosts: ["b=2.2.2.2", "a:1.1.1.1"]
  db:
    image: postgres
    networks: [back]
networks:
  front:
    ipam:
      config: [{subnet: 10.0.0.0/24, gateway: 10.0.0.1}]
  back: {driver: bridge, internal: true, labels: [x=y]}
volumes:
  vol: {driver: local, driver_opts: {type: none, o: bind, device: /srv}}
secrets:
  s1: {file: ./s.txt}
configs:
  c1: {file: ./s.txt}
`, '/p/s.txt': 's\n' },
    json: String.raw`{
  "configs": {
    "c1": {
      "name": "demo_c1",
      "file": "/p/s.txt"
    }
  },
  "name": "demo",
  "networks": {
    "back": {
      "name": "demo_back",
      "driver": "bridge",
      "ipam": {},
      "internal": true,
      "labels": {
        "x": "y"
      }
    },
    "front": {
      "name": "demo_front",
      "ipam": {
        "config": [
          {
            "subnet": "10.0.0.0/24",
            "gateway": "10.0.0.1"
          }
        ]
      }
    }
  },
  "secrets": {
    "s1": {
      "name": "demo_s1",
      "file": "/p/s.txt"
    }
  },
  "services": {
    "db": {
      "command": null,
      "entrypoint": null,
      "image": "postgres",
      "networks": {
        "back": null
      }
    },
    "web": {
      "command": null,
      "configs": [
        {
          "source": "c1"
        }
      ],
      "depends_on": {
        "db": {
          "condition": "service_healthy",
          "restart": true,
          "required": true
        }
      },
      "entrypoint": null,
      "extra_hosts": [
        "a=1.1.1.1",
        "b=2.2.2.2"
      ],
      "image": "nginx",
      "networks": {
        "back": null,
        "front": {
          "priority": 5,
          "aliases": [
            "w"
          ],
          "ipv4_address": "10.0.0.5"
        }
      },
      "ports": [
        {
          "mode": "ingress",
          "target": 80,
          "published": "8080",
          "protocol": "tcp"
        },
        {
          "mode": "ingress",
          "host_ip": "127.0.0.1",
          "target": 9000,
          "published": "9000",
          "protocol": "udp"
        },
        {
          "mode": "ingress",
          "host_ip": "127.0.0.1",
          "target": 9001,
          "published": "9001",
          "protocol": "udp"
        },
        {
          "mode": "host",
          "target": 53,
          "published": "5353",
          "protocol": "udp"
        }
      ],
      "secrets": [
        {
          "source": "s1",
          "target": "/run/secrets/s1"
        },
        {
          "source": "s1",
          "target": "/x",
          "mode": 256
        }
      ],
      "volumes": [
        {
          "type": "bind",
          "source": "/p/data",
          "target": "/data",
          "read_only": true,
          "bind": {
            "create_host_path": true
          }
        },
        {
          "type": "volume",
          "source": "vol",
          "target": "/v",
          "volume": {
            "nocopy": true
          }
        },
        {
          "type": "tmpfs",
          "target": "/t",
          "tmpfs": {
            "size": "10485760"
          }
        }
      ]
    }
  },
  "volumes": {
    "vol": {
      "name": "demo_vol",
      "driver": "local",
      "driver_opts": {
        "device": "/srv",
        "o": "bind",
        "type": "none"
      }
    }
  }
}`,
    yaml: String.raw`name: demo
services:
  db:
    image: postgres
    networks:
      back: null
  web:
    configs:
      - source: c1
    depends_on:
      db:
        condition: service_healthy
        restart: true
        required: true
    extra_hosts:
      - a=1.1.1.1
      - b=2.2.2.2
    image: nginx
    networks:
      back: null
      front:
        priority: 5
        aliases:
          - w
        ipv4_address: 10.0.0.5
    ports:
      - mode: ingress
        target: 80
        published: "8080"
        protocol: tcp
      - mode: ingress
        host_ip: 127.0.0.1
        target: 9000
        published: "9000"
        protocol: udp
      - mode: ingress
        host_ip: 127.0.0.1
        target: 9001
        published: "9001"
        protocol: udp
      - mode: host
        target: 53
        published: "5353"
        protocol: udp
    secrets:
      - source: s1
        target: /run/secrets/s1
      - source: s1
        target: /x
        mode: 256
    volumes:
      - type: bind
        source: /p/data
        target: /data
        read_only: true
        bind:
          create_host_path: true
      - type: volume
        source: vol
        target: /v
        volume:
          nocopy: true
      - type: tmpfs
        target: /t
        tmpfs:
          size: "10485760"
networks:
  back:
    name: demo_back
    driver: bridge
    internal: true
    labels:
      x: "y"
  front:
    name: demo_front
    ipam:
      config:
        - subnet: 10.0.0.0/24
          gateway: 10.0.0.1
volumes:
  vol:
    name: demo_vol
    driver: local
    driver_opts:
      device: /srv
      o: bind
      type: none
secrets:
  s1:
    name: demo_s1
    file: /p/s.txt
configs:
  c1:
    name: demo_c1
    file: /p/s.txt
`,
    hashDir: '/tmp/output2/cases/resources',
    hash: String.raw`db 1431ebaced68f0eedc1ea7f2cf7fe63b57dd655ee1158a625f51e30efee93b9d
web ff4bc807ded2af345abb49f5dc3197bd3d08e0d73311b3345673a21cf3badb41
`,
  },
  {
    name: 'extensions',
    files: { '/p/compose.yaml': String.raw`x-top: {b: [1, 2.5], a: "<&>", c: null}
services:
  app:
    image: app
    x-svc: {on: "off"}
    develop:
      watch:
        - {path: ./src, action: sync, target: /app}
        - {path: ./pkg, action: rebuild}
    logging: {driver: json-file, options: {max-size: 10m}}
    blkio_config:
      weight: 300
      device_read_bps: [{path: /dev/sda, rate: 12mb}]
      weight_device: [{path: /dev/sda, weight: 400}]
    environment:
      MULTI: "l1\nl2"
      TRAIL: "x\n"
      TAB: "a\tb"
      UNI: "héllo ✓"
      ODD: "key: value #x"
      STAR: "*a"
      DATE: "2001-12-14"
      OCT: "0755"
      COLON: "1:20"
      SPACE: " lead"
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
    "app": {
      "develop": {
        "watch": [
          {
            "path": "/p/src",
            "action": "sync",
            "target": "/app",
            "exec": {
              "command": null
            }
          },
          {
            "path": "/p/pkg",
            "action": "rebuild",
            "exec": {
              "command": null
            }
          }
        ]
      },
      "blkio_config": {
        "weight": 300,
        "weight_device": [
          {
            "Path": "/dev/sda",
            "Weight": 400
          }
        ],
        "device_read_bps": [
          {
            "Path": "/dev/sda",
            "Rate": "12582912"
          }
        ]
      },
      "command": null,
      "entrypoint": null,
      "environment": {
        "COLON": "1:20",
        "DATE": "2001-12-14",
        "MULTI": "l1\nl2",
        "OCT": "0755",
        "ODD": "key: value #x",
        "SPACE": " lead",
        "STAR": "*a",
        "TAB": "a\tb",
        "TRAIL": "x\n",
        "UNI": "héllo ✓"
      },
      "image": "app",
      "logging": {
        "driver": "json-file",
        "options": {
          "max-size": "10m"
        }
      },
      "networks": {
        "default": null
      }
    }
  },
  "x-top": {
    "a": "\u003c\u0026\u003e",
    "b": [
      1,
      2.5
    ],
    "c": null
  }
}`,
    yaml: String.raw`name: demo
services:
  app:
    develop:
      watch:
        - path: /p/src
          action: sync
          target: /app
        - path: /p/pkg
          action: rebuild
    blkio_config:
      weight: 300
      weight_device:
        - path: /dev/sda
          weight: 400
      device_read_bps:
        - path: /dev/sda
          rate: "12582912"
    environment:
      COLON: "1:20"
      DATE: "2001-12-14"
      MULTI: |-
        l1
        l2
      OCT: "0755"
      ODD: 'key: value #x'
      SPACE: ' lead'
      STAR: '*a'
      TAB: "a\tb"
      TRAIL: |
        x
      UNI: héllo ✓
    image: app
    logging:
      driver: json-file
      options:
        max-size: 10m
    networks:
      default: null
    x-svc:
      "on": "off"
networks:
  default:
    name: demo_default
x-top:
  a: <&>
  b:
    - 1
    - 2.5
  c: null
`,
    hashDir: '/tmp/output2/cases/extensions',
    hash: String.raw`app 887e740da1f451e718706f4977e1d25bfbf6b98042fde58917534705f0e9d5d9
`,
  },
];

renderSuite('renderProject: resources and extensions', CASES);
