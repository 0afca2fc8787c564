from sophdesk.cli import main

main()
