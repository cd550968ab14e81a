"""Hypothesis profiles for tests/fuzz: "suite" (make test: seeded, derandomized, small) and
"long" (make fuzz: random, many examples). HYPOTHESIS_PROFILE picks one; the suite's is default."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("suite", max_examples=40, derandomize=True, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])
settings.register_profile("long", max_examples=int(os.environ.get("KIOSK_FUZZ_EXAMPLES", 5000)),
                          deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))
