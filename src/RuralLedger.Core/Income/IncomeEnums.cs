namespace RuralLedger.Core.Income;

public enum IncomeKind
{
    ContractReceipt = 1,    // 合同收款
    Other = 2,              // 其他收益
    DisposalProceeds = 3,   // 处置收入
}
