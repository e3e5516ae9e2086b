# Two-way clustered standard errors (state and year) of the two-way within model on R plm's Produc data,
# for the per-term cluster adjustment: plm's vcovDC(type = "sss") and sandwich's vcovCL(cadjust = TRUE,
# type = "HC0") on the dummy regression, which give each term of V_state + V_year − V_both its own
# G/(G − 1). Run from the repository root: Rscript cpstat/testdata/twoway/produc_twoway.R
# R 4.2.2, plm 2.6-2, sandwich 3.0-2.
suppressMessages({library(plm); library(sandwich)})
d <- read.csv("testdata/reference/data/plm_Produc.csv")
pd <- pdata.frame(d, index = c("state", "year"))
f <- log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp
m <- plm(f, data = pd, model = "within", effect = "twoways")
l <- lm(log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp + factor(state) + factor(year), data = d)
terms <- c("log(pcap)", "log(pc)", "log(emp)", "unemp")
out <- list(
  source = "R 4.2.2, plm 2.6-2, sandwich 3.0-2; cpstat/testdata/twoway/produc_twoway.R",
  terms = terms,
  coef = unname(coef(m)[terms]),
  plm_vcovDC_sss = unname(sqrt(diag(vcovDC(m, type = "sss")))[1:4]),
  sandwich_vcovCL_HC0_cadjust = unname(sqrt(diag(vcovCL(l, cluster = ~ state + year, type = "HC0", cadjust = TRUE)))[2:5])
)
writeLines(jsonlite::toJSON(out, digits = I(17), auto_unbox = TRUE, pretty = TRUE), "cpstat/testdata/twoway/produc_twoway.json")
