from werkroute.demo.simulation.fitting import main

main()
