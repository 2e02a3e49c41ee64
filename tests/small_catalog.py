"""A small MCP-style catalog text (two areas, four leaves of three rule kinds) that catalog tests edit by string
replacement to make one change at a time."""

SMALL = """\
key: small
name: Katalog kecil
framework: MCP
year: 2024
scale: {min: 0, max: 100}
zones:
- {name: merah, min: 0, max: 50}
- {name: hijau, min: 50, max: 100}
nodes:
- code: A
  name: Area A
  children:
  - code: A.1
    name: Item satu
    rule: {kind: percent, steps: [0, 50, 100]}
  - code: A.2
    name: Item dua
    rule: {kind: percent, steps: [0, 50, 100]}
  - code: A.3
    name: Item tiga
    weight: 2
    rule: {kind: binary}
- code: B
  name: Area B
  children:
  - code: B.1
    name: Item B satu
    rule: {kind: percent}
"""
