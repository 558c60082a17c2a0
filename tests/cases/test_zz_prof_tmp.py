import random, time
from django.db import connection
from django.test.utils import CaptureQueriesContext
from cases import demo
from socialwork.demo.context import DemoContext
from tests.factories import CommuneFactory

def test_prof(province):
    communes = [CommuneFactory(parent=province) for _ in range(20)]
    t = time.monotonic()
    with CaptureQueriesContext(connection) as cap:
        demo.seed(DemoContext(province=province, communes=communes, rng=random.Random(1), scale=0.3))
    print("SEED 15000", time.monotonic() - t)
    for q in cap.captured_queries:
        print(q["time"], q["sql"][120:260].replace("\n"," "))
