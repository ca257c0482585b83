"""Record linkage of candidate company names to the KBO register (Figure 1's first step).

    lists  = review.read_lists(["ai4belgium.csv", "vaeremans.csv", "own.csv"])
    reg    = register.load_register("kbo/")
    linked = link.link(lists, reg, decisions=review.read_decisions("decisions.csv"), verified=...)
    review.write_review(linked, reg, "review.csv")

or on the command line ``econ-ai link A.csv B.csv --kbo kbo/ [--decisions D.csv]
[--review-out R.csv] [--profile ai_profile.csv] -o linked.csv``; the built-in dataset
``linked_candidates`` (:mod:`econ_ai.linkage.dataset`) runs it on the synthetic lists for
``specs/01_funnel.yaml``.

Modules, in the order of the flow:

* ``normalise``  names (case, accents, punctuation, NL/FR/DE legal forms, & / en / et) and places;
* ``register``   the KBO tables -> distinct normalised names, denominations, entity records;
* ``candidates`` blocking: exact names, rare words, TF-IDF character trigrams + nearest neighbours;
* ``score``      pair features and the logistic classifier (``model.json``, fitted by ``train``
  on a training seed of the synthetic lists, never on the evaluation seed);
* ``link``       decision, review band, clerical decisions;
* ``rules``      exclusions (universities, non-profits, foreign entities, natural persons, no
  match), dedup across lists, founding filter, AI verification -> funnel steps;
* ``review``     list / decisions readers and the review CSV; ``evaluate``: against a truth file.

scikit-learn is the only matching library (TF-IDF vectoriser, logistic regression); rapidfuzz,
recordlinkage and splink were not needed (see ``benchmarks/bench_linkage.py``).
"""
