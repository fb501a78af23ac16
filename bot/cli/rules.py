"""The rule subcommands, without a conversation: assess | share-check | kb check."""
from __future__ import annotations

import json
import sys

from bot.config import load_config


def cmd_assess(args) -> int:
    from bot.handlers.datalek.assessment import assess

    try:
        raw = sys.stdin.read() if args.file == "-" else open(args.file, encoding="utf-8").read()
        facts = json.loads(raw)
        result = assess(facts)
    except (OSError, json.JSONDecodeError, ValueError, TypeError) as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    return 0


def cmd_share_check(args) -> int:
    """The verdict of "Mag ik dit delen?" for answers given as JSON (docs/share-check.md)."""
    from bot.handlers.share_check.verdict import parse_answers, verdict

    try:
        raw = sys.stdin.read() if args.file == "-" else open(args.file, encoding="utf-8").read()
    except OSError as exc:
        print(f"Fout: kan {args.file} niet lezen ({exc}). / Error: cannot read {args.file} ({exc}).", file=sys.stderr)
        return 2
    try:
        answers = parse_answers(json.loads(raw))
    except json.JSONDecodeError as exc:
        print(f"Fout: ongeldige JSON ({exc}). / Error: invalid JSON ({exc}).", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    result = verdict(answers).to_dict(placeholders=load_config().placeholders())
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def cmd_kb(args) -> int:
    import knowledge

    kb = knowledge.load(args.dir) if args.dir else knowledge.load()
    if kb.errors:
        print(f"Kennisbank NIET in orde: {len(kb.errors)} probleem/problemen:", file=sys.stderr)
        for error in kb.errors:
            print(f"  - {error}", file=sys.stderr)
        return 1
    english = sum(1 for e in kb.entries if e.en)
    areas = len({e.area for e in kb.entries})
    print(f"Kennisbank in orde: {len(kb.entries)} entries in {areas} onderwerpen, {english} met Engelse versie.")
    return 0
