"""First and last names by origin, for the synthetic people."""

from __future__ import annotations

from werkroute.demo.simulation.calibration import _words

NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "arabic": {
        "male": _words(
            "Mohammed Ahmad Omar Khaled Hassan Ali Mahmoud Youssef Ibrahim Mustafa Samer Rami "
            "Bashar Tarek Fadi Hussein Abdullah Karim Majd Anas"
        ),
        "female": _words(
            "Fatima Aya Rania Noor Lina Hiba Rasha Amal Maryam Layla Dima Reem Salma Huda Zainab "
            "Ghada Sara Yasmin Asmaa Rawan"
        ),
        "last": _words(
            "Al-Ahmad Haddad Khalil Al-Hussein Nasser Darwish Hamdan Al-Khatib Suleiman Mansour "
            "Kassem Saleh Al-Masri Aziz Hamoud Al-Saadi Jaber Othman Barakat Al-Hamadi Qasim "
            "Al-Najjar"
        ),
    },
    "tigrinya": {
        "male": _words(
            "Yonas Tesfay Mebrahtu Dawit Amanuel Filmon Robel Habtom Kidane Samuel Berhane Tekle "
            "Goitom Merhawi Biniam"
        ),
        "female": _words(
            "Helen Senait Yordanos Selam Freweini Lidia Mebrat Saba Ruta Eden Hiwet Semhar Tsega Almaz Winta"
        ),
        "last": _words(
            "Tesfamariam Gebremedhin Haile Tekle Berhe Gebreyesus Kidane Woldu Habte Mehari "
            "Ghebremichael Ogbazghi Yohannes Weldemariam Asmerom"
        ),
    },
    "afghan": {
        "male": _words(
            "Ahmad Mohammad Hamid Farid Jawad Mustafa Omid Navid Nasir Javid Karim Sohrab Wahid "
            "Rahim Zabihullah"
        ),
        "female": _words(
            "Zahra Maryam Parisa Nilofar Farzana Roya Leila Sima Nargis Soraya Fereshteh Mursal "
            "Shabnam Fatima Marzia"
        ),
        "last": _words(
            "Ahmadi Hakimi Rahimi Noori Sultani Hashimi Karimi Safi Popal Wardak Stanikzai "
            "Haidari Sadat Amiri Mohammadi"
        ),
    },
    "persian": {
        "male": _words(
            "Reza Ali Hossein Mehdi Amir Omid Saeed Babak Kaveh Arash Dariush Hamed Majid Farhad Nima"
        ),
        "female": _words(
            "Fatemeh Zahra Maryam Shirin Mahsa Setareh Leila Nasrin Azadeh Parvaneh Golnar Mina "
            "Samira Neda Ladan"
        ),
        "last": _words(
            "Hosseini Mohammadi Rezaei Moradi Jafari Sadeghi Rahmani Kazemi Ebrahimi Ghorbani "
            "Azizi Nazari Tehrani Shirazi Karimi"
        ),
    },
    "turkish": {
        "male": _words(
            "Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim Emre Murat Yusuf Burak Serkan Ömer Kemal Osman"
        ),
        "female": _words(
            "Ayşe Fatma Emine Zeynep Elif Hatice Merve Özlem Esra Büşra Sevgi Gül Derya Hülya Kübra"
        ),
        "last": _words(
            "Yılmaz Kaya Demir Şahin Çelik Yıldız Aydın Öztürk Arslan Doğan Kılıç Aslan Çetin Koç Kurt"
        ),
    },
    "somali": {
        "male": _words(
            "Abdi Mohamed Ahmed Abdirahman Hassan Farah Omar Abdullahi Yusuf Ismail Mahad Liban "
            "Abdiaziz Guled Bashir"
        ),
        "female": _words(
            "Hodan Faduma Amina Hawa Sahra Ayan Ifrah Halima Nimco Ubah Sagal Khadra Hibaq Ladan Muna"
        ),
        "last": _words(
            "Abdi Warsame Farah Hirsi Mohamud Osman Jama Ali Aden Dahir Nur Ibrahim Yusuf Egal Elmi"
        ),
    },
}
NAME_GROUP = {
    "SY": "arabic",
    "IQ": "arabic",
    "YE": "arabic",
    "ER": "tigrinya",
    "AF": "afghan",
    "IR": "persian",
    "TR": "turkish",
    "SO": "somali",
}

# Fictional employers in the region: (name, sector, is an employment agency).
