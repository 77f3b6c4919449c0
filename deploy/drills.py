"""The fault drills of issue 18, run through the proxy of the loopback cluster.

    python -m deploy.drills          # make test-cluster
    python -m deploy.drills 3 4      # only some drills

Starts the cluster when it is not running (and stops it again afterwards), runs each drill,
prints one line per drill and a closing `N passed, N failed` line, then the load figures
(wrk through the proxy with one and with two app servers). Every part a drill stops or kills
is started again before the next drill.
"""

import signal
import sys
import time
import traceback

from deploy import cluster
from deploy.drill_kit import DrillFailed, restore


def main(selected: list[str]) -> int:
    from deploy import drills_data, drills_web
    from deploy.load_figures import load_figures

    drills = {
        "1": drills_web.drill_1_sessions_and_rate_limit,
        "2": drills_web.drill_2_page_cache_across_servers,
        "3": drills_web.drill_3_app_server_killed,
        "4": drills_web.drill_4_redis_stopped,
        "5": drills_data.drill_5_worker_killed,
        "6": drills_data.drill_6_postgres_restarted,
        "7": drills_data.drill_7_overlapping_bookings,
    }
    # `timeout` (make test-cluster) ends a run with SIGTERM: stop what we started all the same.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(124))
    started_here = not cluster.running()
    if started_here:
        cluster.start()
    passed = failed = 0
    try:
        for number, drill in drills.items():
            if selected and number not in selected:
                continue
            title = drill.__doc__.strip().splitlines()[0]
            began = time.monotonic()
            try:
                detail = drill()
                verdict = "PASS"
                passed += 1
            except Exception as error:
                detail = str(error) if isinstance(error, DrillFailed) else repr(error)
                if not isinstance(error, DrillFailed):
                    traceback.print_exc(file=sys.stderr)
                verdict = "FAIL"
                failed += 1
            seconds = time.monotonic() - began
            print(f"drill {number} {verdict} ({seconds:.0f} s) {title} {detail}", flush=True)
            restore()
        print(f"{passed} passed, {failed} failed", flush=True)
        if not selected or "load" in selected:
            load_figures()
    finally:
        if started_here:
            cluster.stop_all()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
