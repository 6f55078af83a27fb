"""``python -m opsmodels`` runs the command-line interface."""

from opsmodels.cli import main

raise SystemExit(main())
