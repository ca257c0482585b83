"""Readers of the NBB annual-account formats as NBB delivers them.

One module per format, each turning one file into :class:`filing.Filing` objects (rubric code x
period values plus the filing's references):

* :mod:`consult_csv`     the CSV export of NBB's consult application (one filing per file);
* :mod:`webservice_json` the JSON of NBB's webservices (filing ``Rubrics`` + references list);
* :mod:`xbrl`            XBRL instances: the dimensional CBSO taxonomy (2022+) through a stored
                         mapping table, and the older ``pfs`` taxonomy of named concepts;
* :mod:`archive`         files, folders and ZIP files (nested too) holding any of the above, or
                         econ_ai's own long rubric table;
* :mod:`models`          NBB model codes -> canonical ``schema`` (or excluded, with the reason);
* :mod:`combine`         exclusions, corrections, one filing per enterprise and period, and the
                         long rows handed to :func:`econ_ai.data.nbb.read_accounts_columns`.

The rubric definitions of the canonical accounts are in :mod:`econ_ai.data.nbb` and
``docs/nbb_rubrics.md``.
"""
