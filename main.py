from kt_desktop.app import main

raise SystemExit(main())
