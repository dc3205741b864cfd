import streamlit as st

from ui import frame, registry

frame.page("", "")
st.markdown("placeholder")
frame.footer("")
