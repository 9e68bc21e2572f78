"""``python -m ui`` opens the cnnlab window."""

from ui.app import main

raise SystemExit(main())
