"""Does the login answer tell which names exist?  Time failed logins for unknown and known names.

Builds the web app over an empty in-memory store with the real password hashing
(argon2id, argon2-cffi's default parameters), registers one user, then sends
``--rounds`` pairs of failed logins through the app in-process: one for a name
nobody has, one for the registered name with a wrong password, interleaved so
that a busy machine slows both alike.  Reports the median and mean time of each
and their ratio (known / unknown; 1.0 is no difference, the target is within
20 %), and writes them to ``--out``.

    python bench/login_timing.py --out bench/results/login_timing.json

Before the fix the unknown name answered in about 2 ms and the known one in
about 160 ms (no argon2 verification was run for an unknown name).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(rounds: int) -> dict:
    from starlette.testclient import TestClient

    from factdesk.serve import create_app
    from factdesk.serve.ratelimit import Limit, RateLimits
    from factdesk.settings import Settings
    from factdesk.store import Store

    # Limits high enough that the measured requests are never refused.
    limits = RateLimits(login_ip=Limit("login-ip", 10 * rounds, 900),
                        login_pair=Limit("login-pair", 10 * rounds, 60, backoff=True))
    times: dict[str, list[float]] = {"unknown": [], "known": []}
    with Store(":memory:") as store:
        app = create_app(store, Settings(), limits=limits, notifier=None)
        with TestClient(app) as client:
            token = _token(client, "/register")
            client.post("/register", data={"name": "ana", "email": "ana@example.org",
                                           "password": "the right password", "csrf": token})
            client.post("/logout", data={"csrf": _meta_token(client)})
            token = _token(client, "/login")
            for n in range(rounds + 2):
                for kind, name in (("unknown", f"nobody{n}"), ("known", "ana")):
                    start = time.perf_counter()
                    answer = client.post("/login", data={"name": name, "password": "wrong guess",
                                                         "csrf": token})
                    took = time.perf_counter() - start
                    assert answer.status_code == 401, answer.status_code
                    if n >= 2:  # two rounds to warm up
                        times[kind].append(took * 1000)
    unknown, known = statistics.median(times["unknown"]), statistics.median(times["known"])
    return {
        "rounds": rounds,
        "unknown_ms": _summary(times["unknown"]),
        "known_ms": _summary(times["known"]),
        "ratio_known_over_unknown": round(known / unknown, 3),
        "within_20_percent": abs(known / unknown - 1) <= 0.20,
    }


def _summary(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 2),
            "mean": round(statistics.mean(values), 2)}


def _token(client, path: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)


def _meta_token(client) -> str:
    return re.search(r'<meta name="csrf-token" content="([^"]+)">',
                     client.get("/account").text).group(1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--out", type=Path,
                        default=ROOT / "bench" / "results" / "login_timing.json")
    args = parser.parse_args()
    result = measure(args.rounds)
    result["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count(),
                         "note": "in-process (starlette TestClient), shared machine"}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0 if result["within_20_percent"] else 1


if __name__ == "__main__":
    sys.exit(main())
