import { call } from "./ipc.js";

document.getElementById("about").addEventListener("click", async () => {
  const info = await call("app_info");
  document.getElementById("version").textContent = `Casecraft ${info.version}`;
});
call("app_ready");
