using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace RuralLedger.Web.Features.Modules;

public sealed class NotBuiltModel : PageModel
{
    internal ModuleEntry Module { get; private set; } = ModuleCatalog.All[0];

    public IActionResult OnGet(string slug)
    {
        var module = ModuleCatalog.Find(slug);
        if (module is null || module.Href is not null)
        {
            return NotFound();
        }
        Module = module;
        ViewData["Title"] = module.Name;
        ViewData["Active"] = module.Slug;
        return Page();
    }
}
