"""The subcommands of `python -m bot`: the parser and the dispatch stay in bot/__main__.py.

- chat.py: console (default) | run | ask | when;
- rules.py: assess | share-check | kb check;
- admin.py: register verify | retention | backup | status | doctor;
- desk.py: web | desk-link | export.
Each `cmd_<subcommand>(args)` returns the exit code.
"""
