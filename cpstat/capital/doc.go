// Package capital estimates real fixed capital stocks by the perpetual inventory method.
//
// For each unit (province, county, firm) and year t,
//
//	K_t = I_t / P_t + (1 − δ) K_{t−1}
//
// with I_t nominal investment (gross fixed capital formation, GFCF), P_t the investment price index rebased
// so that P = 1 in the price base year, and δ the geometric depreciation rate as a fraction. The stock is in
// the currency unit of I (for example 100 million yuan) at the prices of the price base year. K_{t0} of the
// first year t0 is the base stock, and the recursion starts in t0 + 1.
//
// # Price index
//
// The investment price index comes in one of two forms (Settings.PriceIndex):
//
//   - FixedBase: a deflator relative to one fixed year, such as 1952 = 1 or 2000 = 100. It is rebased by
//     dividing by its value in the price base year, so its own base and scale do not matter.
//   - PreviousYear: a chain index with the previous year = 100, as the NBS publishes the price index of
//     investment in fixed assets. It is chained into a fixed-base index (P_t = P_{t−1} · C_t / 100) and then
//     rebased. The chain value of the first year chained is not used, because it links to a year outside the
//     data.
//
// # Base stock
//
// Settings.BaseStock selects one of three rules. All use real investment r_t = I_t / P_t.
//
//   - GrowthRate (default): K_{t0} = r_{t0} / (g + δ), with g the average growth rate of real investment over
//     the first Settings.GrowthYears years (default 5). If investment and capital both grow at rate g, then
//     I_t = (g + δ) K_{t−1}, which this rule inverts. It is the rule of Shan Haojie (2008) with δ = 10.96 %.
//   - InvestmentRatio: K_{t0} = r_{t0} / ratio, with ratio = 10 % and δ = 9.6 % in Zhang Jun, Wu Guiying and
//     Zhang Jipeng (2004); ZhangJun2004 returns those settings.
//   - GivenStock: K_{t0} taken from Settings.BaseStocks, for a published base-year stock.
//
// An error in the base stock decays by the factor (1 − δ) each year, so the base rule matters most for short
// series, such as a panel that starts in 2000 rather than 1952.
//
// # Sources
//
// Shan Haojie 单豪杰 (2008), 中国资本存量K的再估算：1952—2006年, 数量经济技术经济研究 2008(10): δ = 10.96 %
// and the growth-rate base stock. Zhang Jun, Wu Guiying and Zhang Jipeng 张军、吴桂英、张吉鹏 (2004),
// 中国省际物质资本存量估算：1952—2000, 经济研究 2004(10): δ = 9.6 % and K_1952 = I_1952 / 10 %; the R package
// CHNCapitalStock (Pu Chen, function CompK) implements this rule with the same two numbers. Hong, Jiang and
// Liu (2023, 财经研究 49(12)) use Shan's method for the capital mediator.
package capital
