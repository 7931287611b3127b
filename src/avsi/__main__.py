from avsi.cli import main

main()
