import gc

gc.disable()  # while the command line's modules load; bot.cli.main says when collection resumes

from bot.cli import main  # noqa: E402

raise SystemExit(main())
