from etiket.cli import main

main()
