// "复制链接": copies the family link from its read-only field. Without JavaScript (or without
// clipboard access) the field is still there to select and copy by hand.
for (const button of document.querySelectorAll("button[data-copy]")) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    const field = document.getElementById(button.dataset.copy);
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
      button.textContent = button.dataset.done;
    } catch {
      document.execCommand("copy");
      button.textContent = button.dataset.done;
    }
  });
}
