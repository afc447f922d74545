-- The indicators of indicators.md in the spec's order: code, Chinese name,
-- what numerator and denominator count (unit: 'count' or 'fen') and kind
-- ('rate': value = numerator / denominator, empty when the denominator is 0;
-- 'money': no denominator, value = numerator).  The engine lists every one
-- for every unit, with zeros where a unit has no records of it.
SELECT 1 AS ord, 'pay_on_time' AS indicator, '按时发放率' AS name, 'count' AS unit, 'rate' AS kind
UNION ALL SELECT 2, 'pay_in_full', '足额发放率', 'count', 'rate'
UNION ALL SELECT 3, 'pay_shortfall', '发放差额(元)', 'fen', 'money'
UNION ALL SELECT 4, 'paid_month', '当月支出(元)', 'fen', 'money'
UNION ALL SELECT 5, 'paid_ytd', '累计支出(元)', 'fen', 'money'
UNION ALL SELECT 6, 'budget_execution', '资金执行率', 'fen', 'rate'
UNION ALL SELECT 7, 'matching_funds', '配套资金到位率', 'fen', 'rate'
UNION ALL SELECT 8, 'reply_in_time', '临时救助及时答复率', 'count', 'rate'
UNION ALL SELECT 9, 'review_coverage', '年度全面排查覆盖率', 'count', 'rate'
UNION ALL SELECT 10, 'referral_feedback', '需求推送反馈率', 'count', 'rate'
UNION ALL SELECT 11, 'warning_handled', '预警处置率', 'count', 'rate'
UNION ALL SELECT 12, 'finding_rate', '问题资金占比', 'fen', 'rate'
UNION ALL SELECT 13, 'visit_coverage', '季度走访覆盖率', 'count', 'rate'
UNION ALL SELECT 14, 'urgent_in_time', '急难24小时救助率', 'count', 'rate'
UNION ALL SELECT 15, 'bank_reconciled', '一卡通回盘相符率', 'count', 'rate'
UNION ALL SELECT 16, 'report_rate', '按期报送率', 'count', 'rate'
UNION ALL SELECT 17, 'report_on_time', '按时报送率', 'count', 'rate'
ORDER BY 1
