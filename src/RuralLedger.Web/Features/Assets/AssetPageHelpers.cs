using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace RuralLedger.Web.Features.Assets;

internal static class AssetPageHelpers
{
    /// <summary>A disposed asset is closed: its edit pages say so at the top instead of failing on a field the form doesn't show.</summary>
    public static bool Disposed(ModelStateDictionary modelState, AssetView asset)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(asset);
        if (asset.Status != Core.Assets.AssetStatus.Disposed)
        {
            return false;
        }
        modelState.AddModelError(string.Empty, "资产已处置，不能再修改。");
        return true;
    }

    /// <summary>
    /// A number or date the binder could not read ("12,5a") leaves an English message and a null value; the message is
    /// replaced with a Chinese one and the form is shown again rather than submitted without the value.
    /// </summary>
    public static bool ReplaceBindingErrors(ModelStateDictionary modelState)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        var failed = modelState.Where(e => e.Value is { ValidationState: ModelValidationState.Invalid }).Select(e => e.Key).ToList();
        foreach (var key in failed)
        {
            modelState[key]!.Errors.Clear();
            modelState.AddModelError(key, "格式不正确，请填写数字或日期。");
        }
        return failed.Count > 0;
    }
}
