using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RuralLedger.Core.Areas;

namespace RuralLedger.Architecture.Tests;

/// <summary>Division codes as text, for the crafted models (the data layer's own converter is internal).</summary>
internal sealed class CodeConverter() : ValueConverter<DivisionCode, string>(v => v.Value, v => DivisionCode.Parse(v, "code"));
