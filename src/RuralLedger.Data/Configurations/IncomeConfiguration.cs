using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Registry;

namespace RuralLedger.Data.Configurations;

internal sealed class DistributionRuleConfiguration : IEntityTypeConfiguration<DistributionRule>
{
    public void Configure(EntityTypeBuilder<DistributionRule> b)
    {
        b.ToTable("distribution_rules");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedOnAdd();
        b.Property(r => r.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Property(r => r.Code).IsRequired().HasMaxLength(20);
        b.HasIndex(r => new { r.CountyCode, r.Code, r.Version }).IsUnique();
        b.Property(r => r.Name).IsRequired().HasMaxLength(60);
        b.Property(r => r.Weighting).HasConversion<int>();
        b.Property(r => r.Eligible).HasConversion(
            v => string.Join(",", v.Select(s => (int)s)),
            v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => (PovertyStatus)int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<PovertyStatus[]>((a, c) => a!.SequenceEqual(c!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s)), v => v.ToArray()))
            .HasMaxLength(40);
        b.ComplexProperty(r => r.Factors, f =>
        {
            f.Property(x => x.PerPerson).HasColumnName("factor_per_person");
            f.Property(x => x.NoLabourAbility).HasColumnName("factor_no_labour");
            f.Property(x => x.Disabled).HasColumnName("factor_disabled");
            f.Property(x => x.Elderly).HasColumnName("factor_elderly");
            f.Property(x => x.ElderlyAge).HasColumnName("factor_elderly_age");
        });
        b.OwnsMany(r => r.Parts, o =>
        {
            o.ToTable("distribution_rule_parts");
            o.WithOwner().HasForeignKey("RuleId");
            o.Property<long>("Id").ValueGeneratedOnAdd();
            o.HasKey("Id");
            o.Property(x => x.Code).IsRequired().HasMaxLength(20);
            o.Property(x => x.Name).IsRequired().HasMaxLength(30);
            o.Property(x => x.Kind).HasConversion<int>();
        });
        b.Navigation(r => r.Parts).HasField("_parts").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class DistributionPlanConfiguration : IEntityTypeConfiguration<DistributionPlan>
{
    public void Configure(EntityTypeBuilder<DistributionPlan> b)
    {
        b.ToTable("distribution_plans");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedOnAdd();
        b.Property(p => p.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Property(p => p.Number).IsRequired().HasMaxLength(30);
        b.HasIndex(p => new { p.CountyCode, p.Number }).IsUnique();
        b.HasIndex(p => new { p.VillageCode, p.Year });
        // A posted plan is reversed once: the database refuses a second reversal plan of it.
        b.HasIndex(p => p.ReversesId, "ux_plans_one_reversal").IsUnique().HasFilter("reverses_id IS NOT NULL");
        b.HasIndex(p => p.TownshipCode);
        b.Property(p => p.Title).IsRequired().HasMaxLength(100);
        b.Property(p => p.Kind).HasConversion<int>();
        b.Property(p => p.Status).HasConversion<int>();
        b.Property(p => p.ReversalReason).HasMaxLength(200);
        b.Property(p => p.RuleCode).IsRequired().HasMaxLength(20);
        b.Property(p => p.MeetingMinutes).HasMaxLength(2000);
        b.Property(p => p.NoticePlace).HasMaxLength(100);
        b.Property(p => p.ApprovedBy).HasMaxLength(60);
        b.Property(p => p.ApprovalOpinion).HasMaxLength(500);
        b.Property(p => p.PostedBy).HasMaxLength(60);
        b.Property(p => p.ReturnedBy).HasMaxLength(60);
        b.Property(p => p.ReturnReason).HasMaxLength(500);
        b.Property(p => p.DiscardedBy).HasMaxLength(60);
        b.Property(p => p.DiscardReason).HasMaxLength(500);
        b.Property(p => p.CreatedBy).IsRequired().HasMaxLength(60);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.Ignore(p => p.RemainderRule);
        b.Ignore(p => p.ComputedOn);
        // The governance values are read from the meeting and approval columns: the audit trail and bulk SQL keep seeing plain columns.
        b.Ignore(p => p.Meeting);
        b.Ignore(p => p.Approval);
        b.OwnsMany(p => p.Parts, o =>
        {
            o.ToTable("distribution_plan_parts");
            o.WithOwner().HasForeignKey("PlanId");
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.Property(x => x.Code).IsRequired().HasMaxLength(20);
            o.Property(x => x.Name).IsRequired().HasMaxLength(30);
            o.Property(x => x.Kind).HasConversion<int>();
        });
        b.Navigation(p => p.Parts).HasField("_parts").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(p => p.Objections, o =>
        {
            o.ToTable("plan_objections");
            o.WithOwner().HasForeignKey("PlanId");
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.Property(x => x.FiledBy).IsRequired().HasMaxLength(30);
            o.Property(x => x.Content).IsRequired().HasMaxLength(1000);
            o.Property(x => x.Answer).HasMaxLength(1000);
            o.Property(x => x.PhoneCipher).HasMaxLength(60);
            o.Property(x => x.PhoneMasked).HasMaxLength(20);
        });
        b.Navigation(p => p.Objections).HasField("_objections").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class PlanLineConfiguration : IEntityTypeConfiguration<PlanLine>
{
    public void Configure(EntityTypeBuilder<PlanLine> b)
    {
        b.ToTable("plan_lines");
        b.HasKey(l => l.Id);
        b.Property(l => l.Id).ValueGeneratedOnAdd();
        b.Property(l => l.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        // One line per household per plan, whatever retries happen.
        b.HasIndex(l => new { l.PlanId, l.HouseholdId }).IsUnique();
        // Statements read a household's lines. Lines have no village or township index: every reader comes through
        // its plan (the scope filter then checks rows already found), and a province writes a million lines at once.
        b.HasIndex(l => new { l.HouseholdId, l.Year });
        // Only lines sent to the bank have a batch; the index stays out of the way of building plans.
        b.HasIndex(l => l.BatchId).HasFilter("batch_id IS NOT NULL");
        b.Property(l => l.HouseholdNo).IsRequired().HasMaxLength(30);
        b.Property(l => l.HeadName).IsRequired().HasMaxLength(30);
        b.Property(l => l.ExactShare).IsRequired().HasMaxLength(40);
        b.Property(l => l.Payment).HasConversion<int>();
        b.Property(l => l.FailureReason).HasMaxLength(100);
    }
}

internal sealed class PaymentBatchConfiguration : IEntityTypeConfiguration<PaymentBatch>
{
    public void Configure(EntityTypeBuilder<PaymentBatch> b)
    {
        b.ToTable("payment_batches");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedOnAdd();
        b.Property(x => x.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.HasIndex(x => new { x.PlanId, x.Sequence }).IsUnique();
        // One batch of a plan waits for the bank at a time: its lines can't be put in two files at once.
        b.HasIndex(x => x.PlanId, "ux_payment_batches_open_per_plan").IsUnique().HasFilter($"status = {(int)BatchStatus.Exported}");
        b.HasIndex(x => x.VillageCode);
        b.HasIndex(x => x.TownshipCode);
        b.Property(x => x.Status).HasConversion<int>();
        b.Property(x => x.CreatedBy).IsRequired().HasMaxLength(60);
    }
}

internal sealed class JournalEntryConfiguration : IEntityTypeConfiguration<JournalEntry>
{
    public void Configure(EntityTypeBuilder<JournalEntry> b)
    {
        b.ToTable("journal_entries");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedOnAdd();
        b.Property(x => x.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Property(x => x.Key).IsRequired().HasMaxLength(60);
        // Idempotence in the database itself: a second posting of the same plan part or bank result can't insert.
        // Every key names its plan or its batch (which belongs to one plan), so unique per plan is unique per county;
        // the same index finds a plan's entries, and it carries the county (the distribution key of a sharded
        // database must be part of a unique index). It is the journal's only index: posting a province writes a
        // million rows, and readers come by plan.
        b.HasIndex(x => new { x.PlanId, x.CountyCode, x.Key }).IsUnique();
        b.Property(x => x.Debit).HasConversion<int>();
        b.Property(x => x.Credit).HasConversion<int>();
        b.Property(x => x.Memo).IsRequired().HasMaxLength(100);
        b.Property(x => x.PostedBy).IsRequired().HasMaxLength(60);
    }
}
