"""Demo registry (`gtis load-demo`): organisations across provinces and kinds, the expert pool,
networks, sites with their designations, events, real policies and standards, and a repaired
credit record.

Real national bodies, universities, institutes, policies and standards keep their real names;
invented enterprises, banks, funds and exchanges carry 示例 in their names. Every part guards
each record it adds, so loading again adds nothing."""

from typing import TextIO

from gtis.registry.demo import credit, documents, events, networks, organisations, people, sites


def load(out: TextIO) -> None:
    for part in (organisations, credit, people, networks, sites, events, documents):
        part.load(out)
