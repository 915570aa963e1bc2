.PHONY: run test test-odoo bench lint

run:  ## Odoo 18 on localhost:8069 with the suite and demo data
	bash scripts/run.sh

test:  ## fresh database, install the suite, every test with pytest-odoo
	bash scripts/test.sh

test-odoo:  ## Odoo's own stock, purchase_stock and mrp tests with the suite installed
	bash scripts/test-odoo.sh

BENCH ?= receipt
bench:  ## one benchmark under bench/: make bench BENCH=receipt|trace|scorecard|capa|spc|pack [ARGS="--rounds 5"]
	bash bench/run.sh $(BENCH) $(ARGS)

lint:
	pre-commit run --all-files
