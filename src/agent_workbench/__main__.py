from agent_workbench.cli.main import main

main()
