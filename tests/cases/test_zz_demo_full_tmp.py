import random, time
from cases import demo
from socialwork.demo.context import DemoContext
from tests.factories import CommuneFactory

def test_full(province):
    communes = [CommuneFactory(parent=province) for _ in range(100)]
    t = time.monotonic()
    demo.seed(DemoContext(province=province, communes=communes, rng=random.Random(1), scale=1.0))
    print("FULL SEED", time.monotonic() - t)
